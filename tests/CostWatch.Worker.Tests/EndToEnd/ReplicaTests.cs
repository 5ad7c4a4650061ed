using System.Net;
using System.Net.Http.Headers;
using CostWatch.Core.Records;
using CostWatch.Otlp.Proto;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>Two workers on one PostgreSQL database, as two replicas behind a load balancer or a fanning-out collector.</summary>
public sealed class ReplicaTests
{
    [PostgresFact]
    public async Task TwoWorkersOnOneDatabase_ReceivingTheSameExports_StoreEachSpanOnceAndAttributeIt()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        // Both start at once: their migrations must serialise, not collide.
        var workers = await Task.WhenAll(
            WorkerHost.StartAsync(StorageProvider.Postgres, database),
            WorkerHost.StartAsync(StorageProvider.Postgres, database));
        try
        {
            var clients = workers.Select(w => new HttpClient { BaseAddress = new Uri(w.HttpUrl) }).ToArray();
            var runSpanId = BitConverter.ToUInt64(ParentSpanId.Reverse().ToArray());
            var children = Request(null, Enumerable.Range(1, 20).Select(i => i % 2 == 0
                ? NewSpan((ulong)i, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", (long)i))
                : NewSpan((ulong)i, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "search")))
                .ToArray());
            var run = NewSpan(runSpanId, "invoke_agent", Attr("gen_ai.operation.name", "invoke_agent"),
                Attr("gen_ai.agent.name", "researcher"), Attr("session.id", "s-1"));
            run.ParentSpanId = ByteString.Empty;

            // Every export goes to both replicas concurrently; the run comes in a later export than its children.
            foreach (var export in new[] { children, Request(null, run) })
            {
                var answers = await Task.WhenAll(clients.Select(c => PostAsync(c, export)));
                Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
            }

            var store = workers[0].Store;
            var calls = await Eventually.GetAsync(() => store.GetLlmCallsAsync(TraceGuid, default),
                c => c.All(x => x.Attribution == AttributionState.Inherited), "attributed calls");
            var tools = await Eventually.GetAsync(() => store.GetToolCallsAsync(TraceGuid, default),
                t => t.All(x => x.Attribution == AttributionState.Inherited), "attributed tool calls");
            Assert.Equal(new StoreCounts(10, 1, 10, 0), await store.CountAsync(default));
            Assert.All(calls, c => Assert.Equal(("researcher", "s-1", runSpanId), (c.AgentName, c.SessionId, c.RunSpanId!.Value)));
            Assert.All(tools, t => Assert.Equal("researcher", t.AgentName));
            Assert.Equal(10, await store.GetRunIterationsAsync(TraceGuid, runSpanId, default));
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, ExportTraceServiceRequest export)
    {
        using var response = await client.PostTracesAsync(export.ToByteArray());
        return response.StatusCode;
    }
}
