using System.Data.Common;

namespace CostWatch.Storage;

/// <summary>
/// Connections whose read transactions all see one snapshot of the database, so that statements run on them at
/// the same time add up as if they were one. Disposing ends the transactions (nothing was written) and closes the
/// connections.
/// </summary>
internal sealed class SnapshotReaders : IAsyncDisposable
{
    private readonly List<DbConnection> _connections = [];
    private readonly List<DbTransaction> _transactions = [];

    public IReadOnlyList<DbConnection> Connections => _connections;

    public IReadOnlyList<DbTransaction> Transactions => _transactions;

    public void Add(DbConnection connection, DbTransaction transaction)
    {
        _connections.Add(connection);
        _transactions.Add(transaction);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transaction in _transactions)
        {
            await transaction.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
