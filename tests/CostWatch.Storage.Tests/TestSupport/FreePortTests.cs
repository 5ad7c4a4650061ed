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

    [Fact]
    public void Next_StaysBelowTheKernelsEphemeralRange_WhereOutgoingConnectionsTakeTheirPorts()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();

        // A machine whose ephemeral range starts below 11,000 leaves no room: the kernel chooses there.
        var (low, high) = ephemeralStart >= 11_000 ? (10_000, ephemeralStart - 1) : (1, 65_535);
        Assert.All(ports, port => Assert.InRange(port, low, high));
    }
}
