using System.Net;
using System.Net.Sockets;

namespace CostWatch.TestSupport;

/// <summary>A loopback TCP port nobody is listening on, for servers a test starts itself.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the kernel for an unused port and releases it at once. Another process could take it before the
    /// caller binds it, which is rare enough for tests; callers that can retry on a bind failure should.
    /// </summary>
    public static int Next()
    {
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
}
