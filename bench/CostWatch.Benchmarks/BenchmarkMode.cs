namespace CostWatch.Benchmarks;

internal enum BenchmarkMode
{
    Decode,
    Ingest,
    All,
}
