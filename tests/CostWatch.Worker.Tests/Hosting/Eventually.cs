namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// Waits for a condition that background work makes true. The deadline only bounds a failing test; nothing
/// asserts how fast it happened.
/// </summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> until, string what,
        int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Gave up waiting for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
