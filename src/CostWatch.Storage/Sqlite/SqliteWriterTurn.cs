namespace CostWatch.Storage.Sqlite;

/// <summary>One writer's turn at the SQLite store's write lock in this process; disposing it lets the next one in.</summary>
internal sealed class SqliteWriterTurn(SemaphoreSlim turns) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            turns.Release();
        }
    }
}
