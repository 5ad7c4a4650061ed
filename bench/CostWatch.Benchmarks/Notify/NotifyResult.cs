namespace CostWatch.Benchmarks.Notify;

/// <summary>
/// One notify run: the state changes written to the outbox and the notices the webhook receiver got, the latency of
/// each from its state change to its arrival, and the worker's resident set once per second.
/// </summary>
internal sealed record NotifyResult(
    string Store,
    int RatePerMinute,
    TimeSpan Measured,
    int Changes,
    int Notices,
    int Duplicates,
    int Missing,
    IReadOnlyList<double> LatenciesMs,
    IReadOnlyList<(double Second, double RssMb)> Memory);
