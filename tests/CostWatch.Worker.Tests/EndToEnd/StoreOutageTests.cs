using System.Net;
using System.Net.Http.Headers;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>PostgreSQL behind a real TCP proxy that the test cuts and restores.</summary>
public sealed class StoreOutageTests
{
    [PostgresFact]
    public async Task StoreDown_Answers503WithRetryAfter_ThenRecoversWithoutRestart()
    {
        await using var store = await ProxiedDatabase.CreateAsync();
        var proxy = store.Proxy;
        var viaProxy = store.ConnectionString;
        await using var worker = await WorkerHost.StartAsync(StorageProvider.Postgres, viaProxy, new Dictionary<string, string>
        {
            ["CostWatch:Ingest:RetryAfter"] = "00:00:07",
        });
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        using var grpc = new RawGrpcClient(worker.GrpcUrl);

        proxy.Disable();
        using var down = await http.PostTracesAsync(Export(1));
        using var notReady = await http.GetAsync("/readyz");
        var grpcDown = await grpc.ExportAsync(Export(2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), down.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(14, grpcDown.Status);
        var retryInfo = Rpc.Status.Parser.ParseFrom(grpcDown.StatusDetails).Details.Single().Unpack<Rpc.RetryInfo>();
        Assert.Equal(7, retryInfo.RetryDelay.Seconds);

        proxy.Enable();
        // The pool's broken connections fail once more at most; the client's retry then succeeds.
        var recovered = await Eventually.GetAsync(async () => (await http.PostTracesAsync(Export(1))).StatusCode,
            status => status == HttpStatusCode.OK, "a 200 after the store came back");
        Assert.Equal(HttpStatusCode.OK, recovered);
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Single(await worker.Store.GetLlmCallsAsync(TraceGuid, default));
    }

    private static byte[] Export(ulong span) =>
        Request(null, NewSpan(span, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray();
}
