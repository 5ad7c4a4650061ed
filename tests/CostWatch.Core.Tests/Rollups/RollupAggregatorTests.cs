using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Core.Tests.Rollups;

/// <summary>
/// The aggregator keys each record into its minute row and folds hours and days from the minutes: the hour and
/// day rows must hold exactly what adding every record to them directly would.
/// </summary>
public sealed class RollupAggregatorTests
{
    private static readonly DateTime Noon = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void HourAndDayRows_AreTheSumsOfTheirMinutes()
    {
        var aggregator = new RollupAggregator();
        // Two minutes of one hour, another hour of the same day, and the next day.
        aggregator.Add(Call(Noon.AddSeconds(5), 100, 0.10m));
        aggregator.Add(Call(Noon.AddSeconds(50), 200, 0.20m));
        aggregator.Add(Call(Noon.AddMinutes(7), 400, null));
        aggregator.Add(Call(Noon.AddHours(3), 800, 0.0000001m));
        aggregator.Add(Call(Noon.AddDays(1), 1_600, 1m));

        var rows = aggregator.LlmCalls;
        Assert.Equal(4, Rows(rows, RollupResolution.Minute).Count);
        Assert.Equal([700L, 800L, 1_600L], Rows(rows, RollupResolution.Hour).Select(r => r.Value.InputTokens));
        Assert.Equal([1_500L, 1_600L], Rows(rows, RollupResolution.Day).Select(r => r.Value.InputTokens));

        var noonHour = rows[Key(RollupResolution.Hour, Noon)];
        Assert.Equal(3, noonHour.Calls);
        Assert.Equal(0.30m, noonHour.CostUsd);
        Assert.Equal(1, noonHour.UnpricedCalls);
        Assert.Equal(Micros(Noon.AddSeconds(5)), noonHour.FirstSeen);
        Assert.Equal(Micros(Noon.AddMinutes(7).AddSeconds(2)), noonHour.LastSeen);

        var day = rows[Key(RollupResolution.Day, Noon.Date)];
        Assert.Equal(4, day.Calls);
        Assert.Equal(0.3000001m, day.CostUsd);
        Assert.Equal(Rows(rows, RollupResolution.Minute).Where(r => r.Key.BucketStart < Seconds(Noon.AddDays(1)))
            .Sum(r => r.Value.DurationMicroseconds), day.DurationMicroseconds);
    }

    [Fact]
    public void RowsRead_FollowRecordsAddedAfterAnEarlierRead()
    {
        var aggregator = new RollupAggregator();
        aggregator.Add(Call(Noon, 100, 0.5m));
        Assert.Equal(1, aggregator.LlmCalls[Key(RollupResolution.Day, Noon.Date)].Calls);

        aggregator.Add(Call(Noon.AddHours(1), 100, 0.25m));
        var repriced = Call(Noon, 100, 0.5m);
        aggregator.AddRepricing(repriced,
            new CallCost { Amount = 2m, Source = CostSource.Computed, Buckets = TokenBuckets.From(repriced) });

        var day = aggregator.LlmCalls[Key(RollupResolution.Day, Noon.Date)];
        Assert.Equal(2, day.Calls);
        Assert.Equal(2.25m, day.CostUsd);
        Assert.Equal(2m, aggregator.LlmCalls[Key(RollupResolution.Hour, Noon)].CostUsd);
    }

    [Fact]
    public void RunsAndToolCalls_FoldLikeLlmCalls()
    {
        var aggregator = new RollupAggregator();
        aggregator.Add(Run(Noon.AddMinutes(1)), iterations: 3);
        aggregator.Add(Run(Noon.AddMinutes(59)), iterations: 4);
        aggregator.AddIterations(Run(Noon.AddMinutes(1)), 2);
        aggregator.Add(Tool(Noon.AddMinutes(1), success: true));
        aggregator.Add(Tool(Noon.AddMinutes(30), success: false));

        var hour = aggregator.Runs.Single(r => r.Key.Resolution == RollupResolution.Hour).Value;
        Assert.Equal((2L, 9L), (hour.Runs, hour.Iterations));
        Assert.Equal(4, aggregator.Runs.Count);

        var tools = aggregator.ToolCalls.Single(r => r.Key.Resolution == RollupResolution.Day).Value;
        Assert.Equal((2L, 1L), (tools.Calls, tools.FailedCalls));
        Assert.Equal(4, aggregator.ToolCalls.Count);
    }

    private static List<KeyValuePair<LlmRollupKey, LlmRollupTotals>> Rows(
        IReadOnlyDictionary<LlmRollupKey, LlmRollupTotals> rows, int resolution) =>
        rows.Where(r => r.Key.Resolution == resolution).OrderBy(r => r.Key.BucketStart).ToList();

    private static LlmRollupKey Key(int resolution, DateTime start) =>
        new(resolution, Seconds(start), "planner", "s-1", "gpt-4o", "openai", "agents", "", "");

    private static long Seconds(DateTime utc) => UnixTime.Seconds(utc);

    private static long Micros(DateTime utc) => UnixTime.Microseconds(utc);

    private static LlmCall Call(DateTime start, long inputTokens, decimal? cost) => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = 1,
        StartTime = start,
        EndTime = start.AddSeconds(2),
        ReceivedAt = start,
        Operation = "chat",
        Provider = "openai",
        RequestModel = "gpt-4o",
        ServiceName = "agents",
        AgentName = "planner",
        SessionId = "s-1",
        InputTokens = inputTokens,
        CostUsd = cost,
        CostSource = cost is null ? CostSource.Unpriced : CostSource.Computed,
    };

    private static AgentRun Run(DateTime start) => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = 1,
        StartTime = start,
        EndTime = start.AddSeconds(10),
        ReceivedAt = start,
        AgentName = "planner",
    };

    private static ToolCall Tool(DateTime start, bool success) => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = 1,
        StartTime = start,
        EndTime = start.AddSeconds(1),
        ReceivedAt = start,
        ToolName = "search",
        Success = success,
        AgentName = "planner",
    };
}
