using CostWatch.Storage.Postgres;
using CostWatch.TestSupport;
using Npgsql;

namespace CostWatch.Storage.Tests.Postgres;

/// <summary>CostWatch's PostgreSQL sessions run without JIT compilation, unless the connection string says otherwise.</summary>
public sealed class PostgresDataSourceTests
{
    [PostgresFact]
    public async Task Sessions_HaveJitOff_UnlessTheConnectionStringsOptionsSetIt()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        try
        {
            Assert.Equal("off", await ShowJitAsync(connectionString));
            var withOptions = new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c jit=on -c statement_timeout=5000" };
            Assert.Equal("on", await ShowJitAsync(withOptions.ConnectionString));
            var otherOptions = new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c statement_timeout=5000" };
            Assert.Equal("off", await ShowJitAsync(otherOptions.ConnectionString));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<string> ShowJitAsync(string connectionString)
    {
        await using var dataSource = PostgresDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SHOW jit");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
