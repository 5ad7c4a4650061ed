namespace CostWatch.Benchmarks;

internal enum BenchmarkMode
{
    Decode,
    Ingest,
    Api,
    Alerts,
    Notify,
    All,
}
