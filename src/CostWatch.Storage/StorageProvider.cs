namespace CostWatch.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
