using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.Observability;

/// <summary><c>costwatch_store_errors_total</c> counts real failures: PostgreSQL behind a proxy the test cuts.</summary>
public sealed class StoreErrorMetricsTests
{
    [PostgresFact]
    public async Task FailedCommit_IsCountedAsAStoreWriteError()
    {
        await using var store = await ProxiedDatabase.CreateAsync();
        var proxy = store.Proxy;
        var viaProxy = store.ConnectionString;
        await using (var worker = await WorkerHost.StartAsync(StorageProvider.Postgres, viaProxy))
        {
            using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
            await Eventually.GetAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, ready => ready,
                "the schema migrated");

            proxy.Disable();
            using var down = await http.PostTracesAsync(
                Request(null, NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray());
            var scrape = await ScrapedMetrics.ScrapeAsync(http);

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(scrape.Value("costwatch_store_errors_total", ("operation", "write")) >= 1, scrape.Text);
            Assert.True(scrape.Value("costwatch_ingest_exports_refused_total", ("reason", "unavailable")) >= 1, scrape.Text);
            proxy.Enable();
        }
    }
}
