using System.Net;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.TestSupport;
using static CostWatch.Worker.Tests.Api.ApiWorker;
using static CostWatch.Worker.Tests.Api.CostsApiTests;

namespace CostWatch.Worker.Tests.Api;

/// <summary><c>GET /api/v1/sessions</c> and <c>GET /api/v1/sessions/{id}</c> over real HTTP, on both stores.</summary>
public sealed class SessionsApiTests
{
    [Theory]
    [StoreProviders]
    public async Task Sessions_AreTheCostliestFirst_WithTheirAgentsAndFigures(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var (status, body) = await worker.GetJsonAsync(
            "/api/v1/sessions?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&limit=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cost", body.GetProperty("sort").GetString());
        Assert.Equal(3, body.GetProperty("limit").GetInt32());
        var expected = worker.Calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1) && c.Session != "")
            .GroupBy(c => c.Session)
            .OrderByDescending(g => g.Sum(c => c.CostUsd ?? 0m)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3).ToList();
        var sessions = body.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(expected.Select(g => g.Key), sessions.Select(s => s.GetProperty("session").GetString()));
        Assert.Equal(expected.Select(g => Figures(g)), sessions.Select(FiguresOf));
        Assert.Equal(expected.Select(g => g.Select(c => c.Agent).Distinct().Order(StringComparer.Ordinal).ToList()),
            sessions.Select(s => s.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!).ToList()));
        Assert.Equal(
            expected[0].Max(c => c.Start + c.Duration).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            sessions[0].GetProperty("lastSeen").GetString());
    }

    [Theory]
    [StoreProviders]
    public async Task Sessions_OfOneAgent_SortedByCalls(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var (_, body) = await worker.GetJsonAsync(
            "/api/v1/sessions?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&agent=writer&sort=calls");

        var expected = worker.Calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1) && c.Agent == "writer")
            .GroupBy(c => c.Session).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        Assert.Equal(expected.Select(g => (g.Key, g.LongCount())), body.GetProperty("sessions").EnumerateArray()
            .Select(s => (s.GetProperty("session").GetString()!, s.GetProperty("calls").GetInt64())));
        Assert.Equal("writer", body.GetProperty("agent").GetString());
    }

    [Theory]
    [StoreProviders]
    public async Task OneSession_HasItsAgentsModelsAndTotals_AndAnUnknownOneIs404(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);
        var calls = worker.Calls.Where(c => c.Session == "s-1").ToList();

        var (status, body) = await worker.GetJsonAsync("/api/v1/sessions/s-1");
        var (missing, error) = await worker.GetJsonAsync("/api/v1/sessions/no-such-session");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["session", "firstSeen", "lastSeen", "currency", "total", "agents", "models", "runs"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Figures(calls), FiguresOf(body.GetProperty("total")));
        Assert.Equal(calls.Select(c => c.Agent).Distinct(), body.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agent").GetString()));
        Assert.Equal(calls.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal),
            body.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(calls.Min(c => c.Start).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            body.GetProperty("firstSeen").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("not_found", error.GetProperty("error").GetString());
        Assert.Contains("no-such-session", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("sort=price", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("model=gpt-4o", "model")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    public async Task BadParameters_Get400_NamingTheParameter(string query, string parameter)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var (status, body) = await worker.GetJsonAsync("/api/v1/sessions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task AcceptCsv_ListsSessionsAsCsv()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&limit=2");
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await worker.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("session,agents,calls,inputTokens,cacheReadTokens,cacheWriteTokens,outputTokens,reasoningTokens,costUsd,unpricedCalls,firstSeen,lastSeen", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("s-", line));
    }
}
