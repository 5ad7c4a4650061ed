using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// A real worker inside the test process, built exactly like <c>Program</c> (<see cref="CostWatchApp"/>),
/// listening on free loopback ports: OTLP/HTTP and OTLP/gRPC go over real sockets.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _directory;
    private readonly string? _ownedPostgresDatabase;

    private WorkerHost(WebApplication app, int httpPort, int grpcPort, string? directory, string? ownedPostgresDatabase,
        StorageProvider provider, string connectionString)
    {
        _app = app;
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _ownedPostgresDatabase = ownedPostgresDatabase;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        GrpcUrl = $"http://127.0.0.1:{grpcPort}";
    }

    /// <summary>Longer than any fixed timestamp in the tests is old, so start-up pruning keeps their spans.</summary>
    public const string TestRetention = "36500.00:00:00";

    private const int MaxStartAttempts = 5;

    public string HttpUrl { get; }

    public string GrpcUrl { get; }

    public IServiceProvider Services => _app.Services;

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Reads rows with SQL on a connection of the test's own, outside the worker.</summary>
    public Task<List<object[]>> QueryAsync(string sql) => SqlQuery.RowsAsync(Provider, ConnectionString, sql);

    public ITelemetryStore Store => Services.GetRequiredService<ITelemetryStore>();

    /// <summary>Starts a worker on a fresh SQLite file, or on <paramref name="connectionString"/> with PostgreSQL.</summary>
    public static async Task<WorkerHost> StartAsync(
        StorageProvider provider = StorageProvider.Sqlite,
        string? connectionString = null,
        IDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        string? directory = null;
        string? ownedPostgresDatabase = null;
        if (connectionString is null && provider == StorageProvider.Sqlite)
        {
            directory = Directory.CreateTempSubdirectory("costwatch-worker-").FullName;
            connectionString = $"Data Source={Path.Combine(directory, "costwatch.db")}";
        }
        else if (connectionString is null)
        {
            connectionString = ownedPostgresDatabase = await PostgresServer.CreateDatabaseAsync();
        }

        var args = new Dictionary<string, string>
        {
            ["CostWatch:Storage:Provider"] = provider.ToString(),
            ["ConnectionStrings:CostWatch"] = connectionString!,
            ["Logging:LogLevel:Default"] = "Warning",
            // Test spans carry fixed past timestamps; retention is tested in the storage suite.
            ["CostWatch:Storage:RawRetention"] = TestRetention,
            ["CostWatch:Rollups:MinuteRetention"] = TestRetention,
            ["CostWatch:Rollups:HourRetention"] = TestRetention,
            ["CostWatch:Rollups:DayRetention"] = TestRetention,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        // No alert rules unless the test brings its own (a rules file setting, or a source swapped in by configure):
        // the shipped rules would otherwise be evaluated in every test's worker.
        var withDefaults = (WebApplicationBuilder builder) =>
        {
            if (!args.ContainsKey("CostWatch:Alerting:RulesFile"))
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<IAlertRulesSource>(new StaticAlertRulesSource(StaticAlertRulesSource.Empty)));
            }

            configure?.Invoke(builder);
        };
        // The endpoints are the host's own, set over any in settings: HttpUrl and GrpcUrl point at them. FreePort
        // releases a port before Kestrel binds it, and another test's server can take it in between: such a start
        // fails on binding, and is made again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var httpPort = FreePort.Next();
            var grpcPort = FreePort.Next();
            args["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}";
            args["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
            var app = CostWatchApp.Build(args.Select(a => $"--{a.Key}={a.Value}").ToArray(), withDefaults);
            try
            {
                await app.StartAsync();
                return new WorkerHost(app, httpPort, grpcPort, directory, ownedPostgresDatabase, provider, connectionString!);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException && attempt < MaxStartAttempts)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }

        if (_ownedPostgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(_ownedPostgresDatabase);
        }
    }

    /// <summary>The SQLite database file and its WAL, for tests that inspect what reached the disk.</summary>
    public IEnumerable<string> SqliteFiles() =>
        _directory is null ? [] : Directory.EnumerateFiles(_directory);
}
