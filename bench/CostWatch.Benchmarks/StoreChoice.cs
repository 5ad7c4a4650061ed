namespace CostWatch.Benchmarks;

internal enum StoreChoice
{
    Sqlite,
    Postgres,
}
