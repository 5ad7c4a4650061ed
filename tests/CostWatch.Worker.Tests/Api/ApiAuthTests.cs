using System.Net;
using System.Net.Http.Headers;
using CostWatch.Storage;
using static CostWatch.Worker.Tests.Api.ApiWorker;

namespace CostWatch.Worker.Tests.Api;

/// <summary><c>CostWatch:Auth:ApiTokens</c> guards <c>/api/*</c>; ingest tokens are a separate list.</summary>
public sealed class ApiAuthTests
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("Bearer wrong", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer ingest-secret", HttpStatusCode.Unauthorized)]
    [InlineData("Basic YXBpLXNlY3JldA==", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer api-secret", HttpStatusCode.OK)]
    [InlineData("bearer other-api-secret", HttpStatusCode.OK)]
    public async Task ApiTokens_AreRequiredOnEveryEndpoint(string? authorization, HttpStatusCode expected)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, new Dictionary<string, string>
        {
            ["CostWatch:Auth:ApiTokens:0"] = "api-secret",
            ["CostWatch:Auth:ApiTokens:1"] = "other-api-secret",
            ["CostWatch:Auth:IngestTokens:0"] = "ingest-secret",
        });

        foreach (var path in new[] { "/api/v1/costs", "/api/v1/sessions", "/api/v1/sessions/s-1", "/api/v1/prices?model=gpt-4o",
                     "/api/v1/silences", "/api/v1/alerts", "/api/v1/rules" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await worker.Http.SendAsync(request);

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Unauthorized)
            {
                Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                Assert.Contains("\"unauthorized\"", await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task WithoutApiTokens_TheApiIsOpen_EvenWhenIngestNeedsATokenAndAnApiTokenOpensNoIngest()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, new Dictionary<string, string>
        {
            ["CostWatch:Auth:IngestTokens:0"] = "ingest-secret",
        });
        await using var guarded = await StartAsync(StorageProvider.Sqlite, new Dictionary<string, string>
        {
            ["CostWatch:Auth:ApiTokens:0"] = "api-secret",
            ["CostWatch:Auth:IngestTokens:0"] = "ingest-secret",
        });
        using var export = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new StringContent("{}") };
        export.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        export.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "api-secret");

        using var open = await worker.Http.GetAsync("/api/v1/costs");
        using var refused = await guarded.Http.SendAsync(export);

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
