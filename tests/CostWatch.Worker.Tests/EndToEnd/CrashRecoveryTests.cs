using System.Net;
using System.Net.Http.Headers;
using CostWatch.Storage;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task WorkerKilledRightAfterAcknowledging_KeepsEverythingItAcknowledged()
    {
        var directory = Directory.CreateTempSubdirectory("costwatch-crash-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "costwatch.db")}";
        var acknowledged = 0;
        using (var worker = WorkerProcess.Start(connectionString))
        {
            await worker.WaitUntilReadyAsync();
            using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
            // Concurrent exports, so several share a group commit; the kill follows the last answer at once.
            var exports = Enumerable.Range(0, 16).Select(async e =>
            {
                var spans = Enumerable.Range(1, 64)
                    .Select(i => NewSpan((ulong)(e * 1000 + i), "chat", Attr("gen_ai.operation.name", "chat")))
                    .ToArray();
                var content = new ByteArrayContent(Request(null, spans).ToByteArray());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await http.PostAsync("/v1/traces", content);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Add(ref acknowledged, spans.Length);
                }
            });
            await Task.WhenAll(exports);
            worker.Kill();
        }

        Assert.Equal(16 * 64, acknowledged);
        using (var restarted = WorkerProcess.Start(connectionString))
        {
            await restarted.WaitUntilReadyAsync();
        }

        var store = TelemetryStoreFactory.Create(StorageProvider.Sqlite, connectionString);
        Assert.Equal(acknowledged, (await store.CountAsync(default)).LlmCalls);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
