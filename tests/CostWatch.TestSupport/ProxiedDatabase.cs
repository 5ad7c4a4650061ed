using Npgsql;

namespace CostWatch.TestSupport;

/// <summary>
/// A fresh PostgreSQL database that a test reaches through a <see cref="TcpProxy"/>, so that it can cut the store
/// off (<see cref="TcpProxy.Disable"/>) and bring it back without touching the server. Disposing it stops the
/// proxy and drops the database.
/// </summary>
public sealed class ProxiedDatabase : IAsyncDisposable
{
    private readonly string _direct;

    private ProxiedDatabase(TcpProxy proxy, string connectionString, string direct)
    {
        Proxy = proxy;
        ConnectionString = connectionString;
        _direct = direct;
    }

    public TcpProxy Proxy { get; }

    /// <summary>Through the proxy, with a 3 s connect timeout so that a cut store fails fast.</summary>
    public string ConnectionString { get; }

    public static async Task<ProxiedDatabase> CreateAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(database);
        var proxy = new TcpProxy(target.Host!, target.Port);
        proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(database)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Timeout = 3,
        }.ConnectionString;
        return new ProxiedDatabase(proxy, viaProxy, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_direct);
    }
}
