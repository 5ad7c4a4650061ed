using System.Net;
using System.Net.Sockets;
using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.TestSupport;

public sealed class FreePortTests
{
    [Fact]
    public void Next_ReturnsAPortThatCanBeListenedOn()
    {
        var port = FreePort.Next();

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
        Assert.InRange(port, 1, 65535);
    }
}
