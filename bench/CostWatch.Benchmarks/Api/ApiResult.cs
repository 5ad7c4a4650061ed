namespace CostWatch.Benchmarks.Api;

/// <summary>
/// One API run against one store: what was seeded, and the latency of each measured request (HTTP round trip,
/// body read) of <see cref="Query"/>.
/// </summary>
internal sealed record ApiResult(
    string Store,
    string Query,
    long SeededRows,
    TimeSpan SeedTime,
    int ResponseRows,
    long ResponseBytes,
    IReadOnlyList<double> LatenciesMs,
    string Check);
