using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>
/// Mutated exports (bit flips, truncations, inserted and spliced bytes) against a running worker: every answer
/// is 200 or 400 (OK or INVALID_ARGUMENT), never a server error, and the worker keeps working. Seeded, so a
/// failure reproduces.
/// </summary>
public sealed class MalformedInputTests
{
    private const int Mutations = 300;

    private static byte[] ValidProtobuf() => Request(ResourceWith(Attr("service.name", "svc")),
        NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"), Attr("gen_ai.usage.input_tokens", 100L),
            Attr("gen_ai.usage.cost", 0.25), Attr("gen_ai.request.model", "gpt-4o")),
        NewSpan(2, "execute_tool", Attr("gen_ai.operation.name", "execute_tool"), Attr("tool.success", true)),
        NewSpan(3, "invoke_agent", Attr("gen_ai.operation.name", "invoke_agent"), Attr("gen_ai.agent.name", "a"),
            Attr("agent.iterations", 3L))).ToByteArray();

    private static byte[] ValidJson() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "first-trace.json"));

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        switch (random.Next(4))
        {
            case 0:
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1:
                bytes.RemoveRange(random.Next(bytes.Count), bytes.Count - random.Next(bytes.Count) > 0 ? 1 : 0);
                bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                break;
            case 2:
                bytes.InsertRange(random.Next(bytes.Count), Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                break;
            default:
                var from = random.Next(bytes.Count);
                var length = random.Next(Math.Min(32, bytes.Count - from) + 1);
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(from, length));
                break;
        }

        return [.. bytes];
    }

    [Theory]
    [InlineData("application/x-protobuf", 1)]
    [InlineData("application/json", 2)]
    public async Task MutatedHttpExports_GetOnly200Or400_AndTheWorkerStaysUp(string contentType, int seed)
    {
        await using var worker = await WorkerHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        var valid = contentType == "application/json" ? ValidJson() : ValidProtobuf();
        var random = new Random(seed);
        var statuses = new HashSet<HttpStatusCode>();

        for (var i = 0; i < Mutations; i++)
        {
            using var response = await http.PostTracesAsync(Mutate(valid, random), contentType);
            statuses.Add(response.StatusCode);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"mutation {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        using var health = await http.GetAsync("/healthz");
        using var stillWorks = await http.PostTracesAsync(valid, contentType);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, stillWorks.StatusCode));
    }

    [Fact]
    public async Task MutatedGrpcExports_GetOnlyOkOrInvalidArgument()
    {
        await using var worker = await WorkerHost.StartAsync();
        using var grpc = new RawGrpcClient(worker.GrpcUrl);
        var valid = ValidProtobuf();
        var random = new Random(3);

        for (var i = 0; i < Mutations; i++)
        {
            var reply = await grpc.ExportAsync(Mutate(valid, random));
            Assert.True(reply.Status is 0 or 3, $"mutation {i} answered gRPC status {reply.Status}: {reply.Message}");
        }

        Assert.Equal(0, (await grpc.ExportAsync(valid)).Status);
    }
}
