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

    /// <summary>
    /// Opens one more connection and begins its transaction with <paramref name="begin"/>; a connection whose
    /// transaction could not begin is closed again.
    /// </summary>
    public async Task<(DbConnection Connection, DbTransaction Transaction)> AddAsync(
        Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, CancellationToken, Task<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        var connection = await open(cancellationToken);
        DbTransaction transaction;
        try
        {
            transaction = await begin(connection, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connections.Add(connection);
        _transactions.Add(transaction);
        return (connection, transaction);
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
