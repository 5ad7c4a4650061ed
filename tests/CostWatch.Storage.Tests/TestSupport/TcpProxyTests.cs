using System.Net;
using System.Net.Sockets;
using CostWatch.TestSupport;
using Npgsql;

namespace CostWatch.Storage.Tests.TestSupport;

/// <summary>The forwarder behind "the store is down" tests: it forwards, refuses while disabled, and recovers.</summary>
public sealed class TcpProxyTests
{
    // Only a bound on how long a broken proxy could hang a test; nothing here waits for time to pass.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task Postgres_ThroughTheProxy_IsRefusedWhileDisabledAndBackAfterEnable()
    {
        await using var proxy = StartProxyToPostgres();
        var connectionString = ThroughProxy(proxy);
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync();
        Assert.Equal(1, await Scalar<int>(open, "SELECT 1"));

        proxy.Disable();

        // The open connection was dropped and a new one is refused, as if the server had gone away.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Scalar<int>(open, "SELECT 1"));
        await using (var refused = new NpgsqlConnection(connectionString))
        {
            var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(() => refused.OpenAsync());
            var socketError = Assert.IsType<SocketException>(exception.InnerException);
            Assert.Equal(SocketError.ConnectionRefused, socketError.SocketErrorCode);
        }

        proxy.Enable();

        await using var reconnected = new NpgsqlConnection(connectionString);
        await reconnected.OpenAsync();
        Assert.Equal(2, await Scalar<int>(reconnected, "SELECT 2"));
    }

    [PostgresTheory]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(5_000_000)]
    public async Task Postgres_ThroughTheProxy_ReturnsResultsOfAnySize(int length)
    {
        await using var proxy = StartProxyToPostgres();
        await using var connection = new NpgsqlConnection(ThroughProxy(proxy));
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("SELECT repeat('x', @length)", connection);
        command.Parameters.AddWithValue("length", length);
        var text = (string)(await command.ExecuteScalarAsync())!;

        Assert.Equal(length, text.Length);
    }

    [Fact]
    public async Task Bytes_AreForwardedBothWays_AndTheTargetClosingReachesTheClient()
    {
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        await using var proxy = new TcpProxy("127.0.0.1", ((IPEndPoint)target.LocalEndpoint).Port);
        proxy.Start();

        using var client = await ConnectAsync(proxy.Port);
        using var server = await target.AcceptSocketAsync().WaitAsync(Deadline);
        await client.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping", await ReceiveTextAsync(server, 4));
        await server.SendAsync("pong"u8.ToArray());
        Assert.Equal("pong", await ReceiveTextAsync(client, 4));

        server.Close();

        Assert.Equal(0, await ReadOnceAsync(client));
    }

    [Fact]
    public async Task ClientHalfClose_ReachesTheTarget_WhileRepliesStillFlowBack()
    {
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        await using var proxy = new TcpProxy("127.0.0.1", ((IPEndPoint)target.LocalEndpoint).Port);
        proxy.Start();

        using var client = await ConnectAsync(proxy.Port);
        using var server = await target.AcceptSocketAsync().WaitAsync(Deadline);
        await client.SendAsync("last"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal("last", await ReceiveTextAsync(server, 4));
        Assert.Equal(0, await ReadOnceAsync(server));
        await server.SendAsync("bye"u8.ToArray());
        Assert.Equal("bye", await ReceiveTextAsync(client, 3));
    }

    [Fact]
    public async Task UnreachableTarget_ClosesTheClientConnection()
    {
        await using var proxy = new TcpProxy("127.0.0.1", FreePort.Next());
        proxy.Start();

        using var client = await ConnectAsync(proxy.Port);

        // Closed or reset, depending on timing; either way the client learns the connection is gone.
        try
        {
            Assert.Equal(0, await ReadOnceAsync(client));
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }
    }

    [Fact]
    public async Task Disable_ThenEnable_KeepsThePort()
    {
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        await using var proxy = new TcpProxy("127.0.0.1", ((IPEndPoint)target.LocalEndpoint).Port);
        var port = proxy.Port;
        proxy.Start();
        using (var first = await ConnectAsync(port))
        {
            using var accepted = await target.AcceptSocketAsync().WaitAsync(Deadline);
        }

        proxy.Disable();
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        proxy.Enable();

        Assert.Equal(port, proxy.Port);
        using var again = await ConnectAsync(port);
        using var acceptedAgain = await target.AcceptSocketAsync().WaitAsync(Deadline);
    }

    private static TcpProxy StartProxyToPostgres()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString);
        var proxy = new TcpProxy(server.Host!, server.Port);
        proxy.Start();
        return proxy;
    }

    private static string ThroughProxy(TcpProxy proxy) =>
        new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            // A pool would hand back connections the proxy dropped; each open here must be a new TCP connection.
            Pooling = false,
            Timeout = 10,
        }.ConnectionString;

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Deadline);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One receive: the byte count, 0 at end of stream.</summary>
    private static Task<int> ReadOnceAsync(Socket socket) =>
        socket.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None).AsTask().WaitAsync(Deadline);

    private static async Task<string> ReceiveTextAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var received = 0;
        while (received < length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received)).AsTask().WaitAsync(Deadline);
            Assert.NotEqual(0, read);
            received += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
