namespace CostWatch.Benchmarks;

internal enum BenchmarkMode
{
    Decode,
    Ingest,
    Api,
    All,
}
