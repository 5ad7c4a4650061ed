using System.Net;
using System.Net.Sockets;

namespace CostWatch.TestSupport;

/// <summary>
/// A TCP forwarder between the code under test and a real server, for "the store is down" tests.
/// <see cref="Disable"/> drops every open connection and refuses new ones; <see cref="Enable"/> listens on the
/// same <see cref="Port"/> again, so a client configured once sees an outage and then a recovery.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly HashSet<Connection> _connections = [];
    private readonly List<Task> _acceptLoops = [];

    // Always bound to Port, so nobody else can take the port while the proxy is disabled; listening only
    // while enabled. A socket that is bound but not listening makes the kernel refuse connects, as a stopped
    // server would.
    private Socket _socket;
    private bool _listening;
    private bool _disposed;

    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _socket = Bind(0);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The loopback port clients connect to; fixed for the proxy's lifetime.</summary>
    public int Port { get; }

    public void Start() => Enable();

    /// <summary>Accepts connections on <see cref="Port"/> again. Does nothing if already enabled.</summary>
    public void Enable()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listening)
            {
                return;
            }

            _socket.Listen();
            _listening = true;
            _acceptLoops.Add(AcceptLoopAsync(_socket));
        }
    }

    /// <summary>Closes every open connection and refuses new ones until <see cref="Enable"/>.</summary>
    public void Disable()
    {
        Connection[] open;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listening)
            {
                // A socket cannot stop listening: close it and hold the port with a fresh, non-listening one.
                _socket.Dispose();
                _socket = Bind(Port);
                _listening = false;
            }

            open = [.. _connections];
        }

        // Outside the lock: closing a socket may run a pump's continuation on this thread.
        foreach (var connection in open)
        {
            connection.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Connection[] open;
        Task[] acceptLoops;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listening = false;
            _socket.Dispose();
            open = [.. _connections];
            acceptLoops = [.. _acceptLoops];
        }

        foreach (var connection in open)
        {
            connection.Close();
        }

        // None of these tasks fault (they catch their own errors); awaiting them means nothing is left running.
        await Task.WhenAll(acceptLoops.Concat(open.Select(connection => connection.Completion))).ConfigureAwait(false);
    }

    private static Socket Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // The proxy closes connections first, which leaves them in TIME_WAIT on its port; without this the port
        // could not be bound again. Linux still refuses a second listener on the port.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disable or DisposeAsync closed the listener.
                return;
            }

            var connection = new Connection(client);
            lock (_gate)
            {
                if (!ReferenceEquals(listener, _socket) || !_listening)
                {
                    // Accepted just as the proxy was disabled: drop it like the others.
                    connection.Close();
                    return;
                }

                _connections.Add(connection);
                connection.Completion = ForwardAsync(connection);
            }
        }
    }

    private async Task ForwardAsync(Connection connection)
    {
        try
        {
            await connection.RunAsync(_targetHost, _targetPort).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }

    /// <summary>One client connection and its connection to the target, pumped both ways.</summary>
    private sealed class Connection(Socket client)
    {
        private readonly Socket _server = new(SocketType.Stream, ProtocolType.Tcp);

        public Task Completion { get; set; } = Task.CompletedTask;

        public async Task RunAsync(string targetHost, int targetPort)
        {
            try
            {
                await _server.ConnectAsync(targetHost, targetPort).ConfigureAwait(false);
                await Task.WhenAll(PumpAsync(client, _server), PumpAsync(_server, client)).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Whatever went wrong (target refused, proxy disabled, a reset), the outcome a client must see is
                // the one a real outage gives: its connection closes. Nothing is rethrown into a background task.
            }
            finally
            {
                Close();
            }
        }

        public void Close()
        {
            client.Dispose();
            _server.Dispose();
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[BufferSize];
            try
            {
                while (true)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                    if (read == 0)
                    {
                        // Pass the half-close on: the other side sees end of stream, its replies still flow back.
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    var pending = buffer.AsMemory(0, read);
                    while (!pending.IsEmpty)
                    {
                        var sent = await to.SendAsync(pending, SocketFlags.None).ConfigureAwait(false);
                        pending = pending[sent..];
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // One side reset or the proxy closed the connection: take both directions down.
                Close();
            }
        }
    }
}
