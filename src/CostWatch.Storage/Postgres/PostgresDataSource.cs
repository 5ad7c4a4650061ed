using Npgsql;

namespace CostWatch.Storage.Postgres;

/// <summary>The data source of the PostgreSQL store: the configured connection string, with CostWatch's session settings.</summary>
internal static class PostgresDataSource
{
    /// <summary>
    /// Turns PostgreSQL's JIT compilation off for CostWatch's sessions unless the connection string's <c>Options</c>
    /// say otherwise. The cost and alert queries are aggregations of some hundred thousand rollup rows, planned
    /// above <c>jit_above_cost</c>: compiling them took 50-150 ms per query, more than running them (measured with
    /// EXPLAIN ANALYZE on the cost API benchmark's seed, docs/benchmarks.md).
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : $"{builder.Options} -c jit=off";
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}
