using System.Data.Common;
using CostWatch.Benchmarks.Processes;
using CostWatch.Benchmarks.Report;
using CostWatch.Storage;
using CostWatch.TestSupport;
using Npgsql;

namespace CostWatch.Benchmarks.Stores;

/// <summary>
/// The PostgreSQL server named by <c>COSTWATCH_BENCH_PG</c>, else a throwaway cluster with fsync and
/// synchronous commit on and the <c>max_wal_size</c> the README asks for, as production runs (the tests' cluster
/// turns fsync off). Every phase gets a database of its own, dropped when the phase is over.
/// </summary>
internal sealed class PostgresStoreServer : StoreServer
{
    public const string EnvironmentVariable = "COSTWATCH_BENCH_PG";

    private const string DatabasePrefix = "cw_bench_";
    private const string InsufficientPrivilege = "42501";

    private static readonly string[] Settings =
    [
        "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level", "wal_sync_method",
        "shared_buffers", "max_wal_size", "checkpoint_timeout",
    ];

    private readonly string _serverConnectionString;
    private readonly string _origin;
    private readonly List<string> _databases = [];

    private PostgresStoreServer(string serverConnectionString, string origin)
    {
        _serverConnectionString = serverConnectionString;
        _origin = origin;
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string DisplayName => "PostgreSQL";

    /// <exception cref="InvalidOperationException">No server is configured and none can be started.</exception>
    public static PostgresStoreServer Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return new PostgresStoreServer(configured, $"{EnvironmentVariable} (server settings as configured there)");
        }

        if (!PostgresServer.IsAvailable)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not available: set {EnvironmentVariable} or install the postgresql package (scripts/bench.sh does).");
        }

        return new PostgresStoreServer(PostgresServer.StartThrowawayCluster(durable: true),
            $"throwaway cluster started by the benchmark (initdb defaults but {PostgresServer.SustainedIngestSetting}, " +
            "as the README asks for sustained ingest; fsync and synchronous_commit left on)");
    }

    public override async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = DatabasePrefix + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = name }.ConnectionString;
    }

    public override async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await DropAsync(name, cancellationToken);
        _databases.Remove(name);
    }

    public override async Task<IReadOnlyList<(string Name, string Value)>> DescribeAsync(CancellationToken cancellationToken)
    {
        var described = new List<(string, string)> { ("server", _origin) };
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var setting in Settings)
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            described.Add((setting, (string)(await command.ExecuteScalarAsync(cancellationToken))!));
        }

        await using var directory = new NpgsqlCommand("SELECT current_setting('data_directory', true)", connection);
        if (await directory.ExecuteScalarAsync(cancellationToken) is string dataDirectory)
        {
            described.Add(("data directory on", MachineInfo.FileSystemOf(dataDirectory)));
        }

        return described;
    }

    public override async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 300 };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == InsufficientPrivilege)
        {
            // A COSTWATCH_BENCH_PG user that may not checkpoint: the phases then share the server's own rhythm.
        }
    }

    public override async Task<int?> ServerParentProcessIdAsync(CancellationToken cancellationToken)
    {
        // The postmaster is the parent of every backend. A server on another machine has no /proc entry here.
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return ProcessStat.Read(backend)?.ParentId;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _databases)
        {
            await DropAsync(name, CancellationToken.None);
        }

        _databases.Clear();
    }

    private async Task DropAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
