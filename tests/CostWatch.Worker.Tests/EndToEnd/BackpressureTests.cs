using System.Net;
using System.Net.Http.Headers;
using CostWatch.Core.Ingest;
using CostWatch.Storage;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NSubstitute;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

public sealed class BackpressureTests
{
    [Fact]
    public async Task FullQueue_Answers503_AndTheQueuedExportIsStillCommitted()
    {
        // A seam inside the process: the store's commit is held until the test releases it.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Also the alert and silence stores the engine resolves at start-up; with no rules it never reads them.
        var store = Substitute.For<ITelemetryStore, CostWatch.Storage.Alerting.IAlertStore, CostWatch.Storage.Alerting.ISilenceStore>();
        store.MigrateAsync(default).ReturnsForAnyArgs(new SchemaStatus(1, 1));
        store.WriteAsync(default!, default).ReturnsForAnyArgs(async call =>
        {
            await release.Task;
            return new WriteOutcome(((IReadOnlyList<NormalizedBatch>)call[0]).Sum(b => b.AcceptedSpanCount), 0);
        });
        await using var worker = await WorkerHost.StartAsync(
            settings: new Dictionary<string, string> { ["CostWatch:Ingest:MaxQueuedSpans"] = "3" },
            configure: builder => builder.Services.Replace(ServiceDescriptor.Singleton(store)));
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        var first = PostAsync(http, 1, 2, 3);
        await Eventually.GetAsync(() => Task.FromResult(store.ReceivedCalls().Count(c => c.GetMethodInfo().Name == "WriteAsync")),
            calls => calls == 1, "the first export to reach the store");
        using var second = await PostAsync(http, 4, 5);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Contains("queue is full", Rpc.Status.Parser.ParseFrom(await second.Content.ReadAsByteArrayAsync()).Message);

        release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, params ulong[] spans) =>
        http.PostTracesAsync(Request(null, spans.Select(s => NewSpan(s, "step")).ToArray()).ToByteArray());
}
