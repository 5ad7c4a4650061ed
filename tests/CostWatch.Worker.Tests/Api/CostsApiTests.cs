using System.Net;
using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.TestSupport.Rollups;
using static CostWatch.Worker.Tests.Api.ApiWorker;

namespace CostWatch.Worker.Tests.Api;

/// <summary><c>GET /api/v1/costs</c> over real HTTP, on both stores.</summary>
public sealed class CostsApiTests
{
    [Theory]
    [StoreProviders]
    public async Task GroupedWithStep_AnswersTheDocumentedShape_AndTheTotalIsTheExactSumOfTheRows(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var (status, body) = await worker.GetJsonAsync(
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=agent,model&step=1h");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["from", "to", "groupBy", "step", "currency", "rows", "total"], Names(body));
        Assert.Equal("2026-11-24T00:00:00Z", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-25T00:00:00Z", body.GetProperty("to").GetString());
        Assert.Equal(["agent", "model"], body.GetProperty("groupBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1h", body.GetProperty("step").GetString());
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.All(rows, row => Assert.Equal(
            ["agent", "model", "bucketStart", "calls", "inputTokens", "cacheReadTokens", "cacheWriteTokens", "outputTokens",
                "reasoningTokens", "costUsd", "unpricedCalls"], Names(row)));
        Assert.Equal(Names(body.GetProperty("total")), Names(rows[0]).Skip(3));

        var inDay = worker.Calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1)).ToList();
        var expected = inDay.GroupBy(c => (c.Agent, c.Model, Hour: c.Start.ToUnixTimeSeconds() / 3600 * 3600))
            .ToDictionary(g => $"{g.Key.Agent}|{g.Key.Model}|{DateTimeOffset.FromUnixTimeSeconds(g.Key.Hour):yyyy-MM-ddTHH:mm:ssZ}", Figures);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var key = $"{row.GetProperty("agent").GetString()}|{row.GetProperty("model").GetString()}|{row.GetProperty("bucketStart").GetString()}";
            Assert.Equal(expected[key], FiguresOf(row));
        }

        var total = FiguresOf(body.GetProperty("total"));
        Assert.Equal(Figures(inDay), total);
        Assert.Equal(rows.Sum(r => Cost(r) ?? 0m), total.PricedCostUsd);
        // costUsd is the decimal's own digits: the sum has more significant digits than a double keeps.
        Assert.Equal(Figures(inDay).PricedCostUsd.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'),
            body.GetProperty("total").GetProperty("costUsd").GetRawText());
    }

    [Theory]
    [StoreProviders]
    public async Task WithoutParameters_AnswersTheLast24Hours_InOneUngroupedRow(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var (status, body) = await worker.GetJsonAsync("/api/v1/costs");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11-24T12:00:00Z", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-25T12:00:00Z", body.GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("step").ValueKind);
        Assert.Empty(body.GetProperty("groupBy").EnumerateArray());
        var row = Assert.Single(body.GetProperty("rows").EnumerateArray());
        Assert.DoesNotContain("bucketStart", Names(row));
        Assert.Equal(Figures(worker.Calls.Where(c => c.Start >= Now.AddHours(-24).AddSeconds(-30))), FiguresOf(row));
    }

    [Theory]
    [StoreProviders]
    public async Task Filters_AndACustomDimension_SelectAndGroup(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);
        var inDay = worker.Calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1)).ToList();

        var (_, filtered) = await worker.GetJsonAsync(
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=model&agent=researcher&agent=writer&user=u-1");
        var (_, byTeam) = await worker.GetJsonAsync(
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=team");
        var (_, platform) = await worker.GetJsonAsync(
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=agent&Team=platform");

        Assert.Equal(
            inDay.Where(c => c.Agent is "researcher" or "writer" && c.User == "u-1").GroupBy(c => c.Model)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, Figures(g))),
            filtered.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("model").GetString()!, FiguresOf(r))));
        var teams = byTeam.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([null, "platform", "search"], teams.Select(r => r.GetProperty("team").GetString()));
        Assert.Equal(Figures(inDay.Where(c => c.Dimensions == "")), FiguresOf(teams[0]));
        Assert.Equal(["writer"], platform.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("agent").GetString()));
    }

    [Theory]
    [StoreProviders]
    public async Task UnpricedModel_HasANullCost_AndCountsItsCalls(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var (_, body) = await worker.GetJsonAsync(
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=model&model=mystery-model");

        var row = Assert.Single(body.GetProperty("rows").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("costUsd").ValueKind);
        Assert.Equal(row.GetProperty("calls").GetInt64(), row.GetProperty("unpricedCalls").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("total").GetProperty("costUsd").ValueKind);
    }

    [Theory]
    [StoreProviders]
    public async Task AcceptCsv_AnswersRfc4180Csv_WithAHeaderRow(StorageProvider provider)
    {
        var start = Day.AddHours(2);
        RollupCall[] calls =
        [
            new() { Start = start, Agent = "say \"hi\", then go", Model = "gpt-4o", InputTokens = 10, OutputTokens = 2, CostUsd = 0.000045m },
            new() { Start = start.AddMinutes(1), Agent = "plain", Model = "gpt-4o", InputTokens = 5, OutputTokens = 1, CostUsd = 0.1m },
            new() { Start = start.AddMinutes(2), Agent = "plain", Model = "", InputTokens = 1 },
        ];
        await using var worker = await StartAsync(provider, calls: calls);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "/api/v1/costs?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=agent,model&step=1d");
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await worker.Http.SendAsync(request);
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "agent,model,bucketStart,calls,inputTokens,cacheReadTokens,cacheWriteTokens,outputTokens,reasoningTokens,costUsd,unpricedCalls\r\n" +
            "plain,,2026-11-24T00:00:00Z,1,1,0,0,0,0,,1\r\n" +
            "plain,gpt-4o,2026-11-24T00:00:00Z,1,5,0,0,1,0,0.1,0\r\n" +
            "\"say \"\"hi\"\", then go\",gpt-4o,2026-11-24T00:00:00Z,1,10,0,0,2,0,0.000045,0\r\n", csv);
    }

    [Theory]
    [InlineData("groupBy=agent,colour", "groupBy", "unknown dimension 'colour'")]
    [InlineData("groupBy=agent,agent", "groupBy", "names 'agent' twice")]
    [InlineData("colour=red", "colour", "unknown parameter 'colour'")]
    [InlineData("from=yesterday", "from", "RFC 3339")]
    [InlineData("to=2026-11-25", "to", "RFC 3339")]
    [InlineData("from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", "from", "is after to")]
    [InlineData("from=2026-11-25T00:00:00Z&from=2026-11-24T00:00:00Z", "from", "given 2 times")]
    [InlineData("step=5m", "step", "1m, 1h or 1d")]
    [InlineData("from=2026-10-01T00:00:00Z&to=2026-11-25T00:00:00Z&step=1m", "step", "buckets")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-25T00:00:00Z&step=1m&x=1", "x", "unknown parameter")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&step=1m", "step", "minute rollups are kept for 2.00:00:00")]
    [InlineData("from=2020-01-01T00:00:00Z", "from", "longer than the 400.00:00:00 allowed")]
    [InlineData("from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&groupBy=session,model", "groupBy", "more than 5 rows")]
    public async Task BadParameters_Get400_NamingTheParameter(string query, string parameter, string message)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, new Dictionary<string, string>
        {
            ["CostWatch:Api:MaxRange"] = "400.00:00:00",
            ["CostWatch:Api:MaxRows"] = "5",
            ["CostWatch:Api:MaxBuckets"] = "10000",
        });

        var (status, body) = await worker.GetJsonAsync("/api/v1/costs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("bad_parameter", body.GetProperty("error").GetString());
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(message, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task FromWhereMinutesArePruned_IsWidenedToItsHour_AndTheResponseSaysSo()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var (status, body) = await worker.GetJsonAsync("/api/v1/costs?from=2026-11-23T08:20:00Z&to=2026-11-23T10:50:00Z");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11-23T08:00:00Z", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-23T11:00:00Z", body.GetProperty("to").GetString());
        var expected = worker.Calls.Where(c => c.Start >= Day.AddHours(-16) && c.Start < Day.AddHours(-13));
        Assert.Equal(Figures(expected), FiguresOf(Assert.Single(body.GetProperty("rows").EnumerateArray())));
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();

    private static decimal? Cost(JsonElement element) =>
        element.GetProperty("costUsd").ValueKind == JsonValueKind.Null ? null : element.GetProperty("costUsd").GetDecimal();

    internal static CostFigures FiguresOf(JsonElement element) => new(
        element.GetProperty("calls").GetInt64(),
        element.GetProperty("inputTokens").GetInt64(),
        element.GetProperty("cacheReadTokens").GetInt64(),
        element.GetProperty("cacheWriteTokens").GetInt64(),
        element.GetProperty("outputTokens").GetInt64(),
        element.GetProperty("reasoningTokens").GetInt64(),
        Cost(element) ?? 0m,
        element.GetProperty("unpricedCalls").GetInt64());
}
