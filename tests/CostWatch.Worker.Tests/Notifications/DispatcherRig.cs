using System.Diagnostics.Metrics;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.Storage.Notifications;
using CostWatch.TestSupport;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Notifications.Webhook;
using CostWatch.Worker.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CostWatch.Worker.Tests.Notifications;

/// <summary>
/// The notification dispatcher on a real store (a fresh SQLite file or PostgreSQL database) and a fake clock, with the
/// real webhook sender unless the test brings its own: each step (take the outbox, flush, deliver) runs when the test says.
/// </summary>
internal sealed class DispatcherRig : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly string? _directory;
    private readonly string? _postgresDatabase;
    private readonly WebhookSender? _webhooks;
    private readonly List<ITelemetryStore> _replicaStores = [];

    private DispatcherRig(StorageProvider provider, string connectionString, string? directory, string? postgresDatabase,
        NotificationOptions options, IReadOnlyList<INoticeSender>? senders)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresDatabase = postgresDatabase;
        Store = TelemetryStoreFactory.Create(provider, connectionString);
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        Metrics = new CostWatchMetrics(meters);
        _webhooks = senders is null ? new WebhookSender(Clock, NullLogger<WebhookSender>.Instance) : null;
        IReadOnlyList<INoticeSender> all = senders ?? [_webhooks!];
        var validation = new NotificationOptionsValidator(all).Validate(null, options);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        Receivers = new NotificationReceivers(Options.Create(options), all);
        Dispatcher = new NotificationDispatcher((INotificationStore)Store, (ISilenceStore)Store, Receivers,
            new NotificationMetrics(Metrics), Clock, NullLogger<NotificationDispatcher>.Instance)
        {
            Jitter = () => 1,
        };
    }

    public FakeTimeProvider Clock { get; } = new(T0);

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public ITelemetryStore Store { get; }

    public CostWatchMetrics Metrics { get; }

    public NotificationReceivers Receivers { get; }

    public NotificationDispatcher Dispatcher { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public static async Task<DispatcherRig> StartAsync(NotificationOptions options, IReadOnlyList<INoticeSender>? senders = null,
        StorageProvider provider = StorageProvider.Sqlite)
    {
        DispatcherRig rig;
        if (provider == StorageProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("costwatch-notify-").FullName;
            rig = new DispatcherRig(provider, $"Data Source={Path.Combine(directory, "costwatch.db")}", directory, null, options, senders);
        }
        else
        {
            var database = await PostgresServer.CreateDatabaseAsync();
            rig = new DispatcherRig(provider, database, null, database, options, senders);
        }

        await rig.Store.MigrateAsync(default);
        return rig;
    }

    /// <summary>Moves the clock to <paramref name="offset"/> after <see cref="T0"/>.</summary>
    public void At(TimeSpan offset) => Clock.SetUtcNow(T0 + offset);

    /// <summary>Takes the outbox, queues due notices and delivers every due notice of every receiver.</summary>
    public async Task RunAsync()
    {
        await Dispatcher.DispatchAsync(default);
        await DeliverAsync();
    }

    public async Task DeliverAsync()
    {
        foreach (var receiver in Receivers.Names)
        {
            while (await Dispatcher.DeliverDueAsync(receiver, default) == NotificationDispatcher.DeliveryBatch)
            {
            }
        }
    }

    /// <summary>Another replica's dispatcher: its own store instance on the same database, the same clock and receivers.</summary>
    public NotificationDispatcher NewReplica()
    {
        var store = TelemetryStoreFactory.Create(Provider, ConnectionString);
        _replicaStores.Add(store);
        return new NotificationDispatcher((INotificationStore)store, (ISilenceStore)store, Receivers, new NotificationMetrics(Metrics),
            Clock, NullLogger<NotificationDispatcher>.Instance);
    }

    public Task<List<object[]>> QueryAsync(string sql) => SqlQuery.RowsAsync(Provider, ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        foreach (var replica in _replicaStores.OfType<IAsyncDisposable>())
        {
            await replica.DisposeAsync();
        }

        Metrics.Dispose();
        _webhooks?.Dispose();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }

        if (_postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(_postgresDatabase);
        }
    }
}
