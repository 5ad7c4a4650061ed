using System.Net;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.TestSupport;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Tests.Hosting;

namespace CostWatch.Worker.Tests.Api;

/// <summary>The API's configuration checks, and its answer while the store is unreachable.</summary>
public sealed class ApiStartupTests
{
    [Fact]
    public void InvalidApiOptionsAndReservedDimensionNames_StopTheStart_NamingEveryKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            "--CostWatch:Api:MaxRows=0", "--CostWatch:Api:MaxRange=-1.00:00:00", "--CostWatch:Auth:ApiTokens:0= ",
            "--CostWatch:Costs:Dimensions:from=team.name", "--CostWatch:Costs:Dimensions:total=x",
        ]));

        Assert.Equal(
        [
            "CostWatch:Auth:ApiTokens:0 is empty.",
            "CostWatch:Costs:Dimensions:from: 'from' is a parameter or field of the cost API; choose another name.",
            "CostWatch:Costs:Dimensions:total: 'total' is a parameter or field of the cost API; choose another name.",
            "CostWatch:Api:MaxRange must be a positive duration (for example 366.00:00:00), was -1.00:00:00.",
            "CostWatch:Api:MaxRows must be greater than 0, was 0.",
        ], error.Failures);
    }

    [Fact]
    public async Task UnreachableStore_Answers503_ButBadParametersStill400()
    {
        var unreachable = $"Host=127.0.0.1;Port={FreePort.Next()};Username=nobody;Database=nothing;Timeout=2";
        await using var worker = await WorkerHost.StartAsync(StorageProvider.Postgres, unreachable);
        using var http = new HttpClient { BaseAddress = new Uri(worker.HttpUrl) };

        using var costs = await http.GetAsync("/api/v1/costs");
        using var bad = await http.GetAsync("/api/v1/costs?step=2h");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, costs.StatusCode);
        Assert.NotNull(costs.Headers.RetryAfter);
        Assert.Equal("unavailable", JsonDocument.Parse(await costs.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
