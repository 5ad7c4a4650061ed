using CostWatch.Storage.Postgres;
using CostWatch.Storage.Sqlite;

namespace CostWatch.Storage;

/// <summary>Creates the store the configuration names.</summary>
public static class TelemetryStoreFactory
{
    public static ITelemetryStore Create(StorageProvider provider, string connectionString) => provider switch
    {
        StorageProvider.Sqlite => new SqliteTelemetryStore(connectionString),
        StorageProvider.Postgres => new PostgresTelemetryStore(PostgresDataSource.Create(connectionString)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
