namespace CostWatch.Worker.Observability;

/// <summary>One <see cref="AgentRunSeries"/>'s share of a rollup window: its run count and each run's histogram values.</summary>
internal sealed class AgentRunObservations
{
    public long Runs { get; set; }

    public DateTime LastEnd { get; set; } = DateTime.MinValue;

    public List<double> DurationSeconds { get; } = [];

    public List<int> Iterations { get; } = [];
}
