using System.Text;
using CostWatch.Core.Records;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using OpenTelemetry.Exporter;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>The real OpenTelemetry .NET SDK as the client, over gRPC and over HTTP/protobuf, on both stores.</summary>
public sealed class OpenTelemetrySdkTests
{
    public static TheoryData<OtlpExportProtocol, StorageProvider> Cases()
    {
        var data = new TheoryData<OtlpExportProtocol, StorageProvider>();
        foreach (var provider in StoreProvidersAttribute.Providers())
        {
            data.Add(OtlpExportProtocol.Grpc, provider);
            data.Add(OtlpExportProtocol.HttpProtobuf, provider);
        }

        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task AgentTraces_ChildrenExportedBeforeParents_AreStoredOnceAndAttributed(
        OtlpExportProtocol protocol, StorageProvider provider)
    {
        await using var worker = await WorkerHost.StartAsync(provider);
        var endpoint = protocol == OtlpExportProtocol.Grpc ? worker.GrpcUrl : worker.HttpUrl;
        var runs = new List<(string Trace, string Run, string Agent, string Session)>();
        using (var agents = new AgentTraces(endpoint, protocol))
        {
            foreach (var (agent, session) in new[] { ("researcher", "s-1"), ("writer", "s-1"), ("researcher", "s-2") })
            {
                var (trace, run) = agents.Run(agent, session, llmCalls: 3, toolCalls: 2);
                runs.Add((trace, run, agent, session));
            }

            Assert.True(agents.Flush());
        }

        foreach (var (traceHex, runHex, agent, session) in runs)
        {
            var trace = Guid.Parse(traceHex);
            var calls = await Eventually.GetAsync(() => worker.Store.GetLlmCallsAsync(trace, default),
                c => c.Count == 3 && c.All(x => x.Attribution == AttributionState.Inherited), "3 attributed LLM calls");
            var tools = await Eventually.GetAsync(() => worker.Store.GetToolCallsAsync(trace, default),
                t => t.Count == 2 && t.All(x => x.Attribution == AttributionState.Inherited), "2 attributed tool calls");
            var run = Assert.Single(await worker.Store.GetAgentRunsAsync(trace, default));

            var runSpanId = Convert.ToUInt64(runHex, 16);
            Assert.Equal((agent, session, runSpanId), (run.AgentName, run.SessionId, run.SpanId));
            Assert.All(calls, c => Assert.Equal((agent, session, runSpanId, "openai", "gpt-4o", "agent-fleet", "test"),
                (c.AgentName, c.SessionId, c.RunSpanId!.Value, c.Provider, c.RequestModel, c.ServiceName, c.Environment)));
            Assert.Equal([1000L, 1001L, 1002L], calls.Select(c => c.InputTokens).Order());
            Assert.All(calls, c => Assert.Equal(500, c.CacheReadTokens));
            Assert.All(tools, t => Assert.Equal((agent, "web_search", true), (t.AgentName, t.ToolName, t.Success)));
            Assert.Equal(3, await worker.Store.GetRunIterationsAsync(trace, runSpanId, default));
        }

        Assert.Equal(new StoreCounts(9, 3, 6, 0), await worker.Store.CountAsync(default));

        // Prompts and tool arguments never reach the disk.
        foreach (var file in worker.SqliteFiles())
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("secret prompt"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("private")));
        }
    }

    [Fact]
    public async Task FailedToolCalls_AreStoredAsFailures()
    {
        await using var worker = await WorkerHost.StartAsync();
        string trace;
        using (var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc))
        {
            trace = agents.Run("reviewer", "s-9", llmCalls: 1, toolCalls: 2, failTools: true).TraceId;
            Assert.True(agents.Flush());
        }

        var tools = await Eventually.GetAsync(() => worker.Store.GetToolCallsAsync(Guid.Parse(trace), default),
            t => t.Count == 2, "2 tool calls");
        Assert.All(tools, t => Assert.Equal((false, "timeout", SpanStatus.Error), (t.Success, t.ErrorType, t.Status)));
    }

    [Fact]
    public async Task BearerToken_FromTheSdk_IsAccepted()
    {
        await using var worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Auth:IngestTokens:0"] = "first-token",
            ["CostWatch:Auth:IngestTokens:1"] = "second-token",
        });
        string trace;
        using (var agents = new AgentTraces(worker.GrpcUrl, OtlpExportProtocol.Grpc, bearerToken: "second-token"))
        {
            trace = agents.Run("researcher", "s-1", llmCalls: 1, toolCalls: 0).TraceId;
            Assert.True(agents.Flush());
        }

        await Eventually.GetAsync(() => worker.Store.GetLlmCallsAsync(Guid.Parse(trace), default), c => c.Count == 1,
            "the call sent with a valid token");
    }
}
