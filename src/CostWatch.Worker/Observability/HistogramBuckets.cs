namespace CostWatch.Worker.Observability;

/// <summary>
/// Explicit bucket boundaries of the histograms derived from stored records (docs/metrics.md explains each
/// choice). The two <c>gen_ai</c> ones are those the OpenTelemetry GenAI semantic conventions recommend.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary><c>gen_ai.client.token.usage</c>: powers of 4 from 1 to 67,108,864 (semantic conventions).</summary>
    public static readonly long[] TokenUsage =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary><c>gen_ai.client.operation.duration</c>: doubling from 10 ms to 81.92 s (semantic conventions).</summary>
    public static readonly double[] OperationDuration =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>Agent runs last from a second (one call) to an hour (long autonomous tasks).</summary>
    public static readonly double[] AgentRunDuration =
        [0.5, 1, 2.5, 5, 10, 20, 40, 60, 120, 300, 600, 1200, 1800, 3600];

    /// <summary>Fibonacci: fine where most runs are (1 to 5 steps), coarse out to the runaway loops alerts look for.</summary>
    public static readonly long[] AgentRunIterations = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];

    /// <summary>Finest near 1, where prompts start being truncated or refused; above 1 means the catalog's window is wrong.</summary>
    public static readonly double[] ContextWindowUtilization =
        [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];
}
