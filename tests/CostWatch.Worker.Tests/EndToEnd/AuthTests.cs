using System.Net;
using System.Net.Http.Headers;
using CostWatch.Storage;
using CostWatch.Worker.Tests.Hosting;
using Google.Protobuf;
using static CostWatch.Worker.Tests.Ingest.Otlp.OtlpTestData;

namespace CostWatch.Worker.Tests.EndToEnd;

public sealed class AuthTests
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong", HttpStatusCode.Unauthorized)]
    [InlineData("Basic dG9rZW4tYQ==", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer token-b", HttpStatusCode.OK)]
    [InlineData("bearer token-a", HttpStatusCode.OK)]
    public async Task HttpExport_NeedsAValidBearerToken(string? authorization, HttpStatusCode expected)
    {
        await using var worker = await WorkerHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["CostWatch:Auth:IngestTokens:0"] = "token-a",
            ["CostWatch:Auth:IngestTokens:1"] = "token-b",
        });
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces")
        {
            Content = new ByteArrayContent(Request(null, NewSpan(1, "chat", Attr("gen_ai.operation.name", "chat"))).ToByteArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var stored = (await worker.Store.CountAsync(default)).LlmCalls;
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, stored);
    }
}
