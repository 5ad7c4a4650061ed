using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CostWatch.TestSupport;

/// <summary>A loopback TCP port nobody is listening on, for servers a test starts itself.</summary>
public static class FreePort
{
    /// <summary>Ports below the kernel's ephemeral range that are tried first.</summary>
    private const int LowestTried = 10_000;

    private const int Attempts = 50;

    /// <summary>
    /// A port that could be listened on a moment ago, released again for the caller to bind. It is taken below the
    /// kernel's ephemeral range where there is room: outgoing connections (to PostgreSQL, HTTP clients) take their
    /// source ports from that range, and one of them took a port between this check and Kestrel's bind in a CI run.
    /// Another test's server can still take it in between, rarely; callers that can retry on a bind failure should.
    /// </summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        if (ephemeralStart - LowestTried >= 1_000)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var port = Random.Shared.Next(LowestTried, ephemeralStart);
                if (CanListen(port))
                {
                    return port;
                }
            }
        }

        // Let the kernel choose one (from the ephemeral range).
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The first port of Linux's ephemeral range; where it cannot be read, none is tried below it.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(range))
        {
            return LowestTried;
        }

        var first = File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
        return int.Parse(first, CultureInfo.InvariantCulture);
    }

    private static bool CanListen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            // Taken: try another.
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
