namespace CostWatch.Simulator;

/// <summary>
/// Writes the progress line: rewritten in place every second on a terminal, a new line every 10 seconds when the
/// output goes to a log (<c>docker compose logs</c>).
/// </summary>
internal static class ProgressReporter
{
    public static async Task RunAsync(FleetSimulator simulator, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interactive ? 1 : 10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (interactive)
                {
                    await output.WriteAsync($"\r{simulator.Progress}   ");
                }
                else
                {
                    await output.WriteLineAsync(simulator.Progress.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over; the caller prints the final line.
        }

        if (interactive)
        {
            await output.WriteLineAsync();
        }
    }
}
