using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Core.Rollups;

/// <summary>
/// Adds records into rollup rows, each record into its minute, hour and day bucket, in exact arithmetic. The
/// rows are deltas: the store adds them to what it holds, so the same code serves new records and corrections
/// (a re-priced call adds the difference of its cost).
/// </summary>
public sealed class RollupAggregator
{
    public Dictionary<LlmRollupKey, LlmRollupTotals> LlmCalls { get; } = [];

    public Dictionary<RunRollupKey, RunRollupTotals> Runs { get; } = [];

    public Dictionary<ToolRollupKey, ToolRollupTotals> ToolCalls { get; } = [];

    public bool IsEmpty => LlmCalls.Count == 0 && Runs.Count == 0 && ToolCalls.Count == 0;

    public void Add(LlmCall call)
    {
        var buckets = TokenBuckets.From(call);
        foreach (var resolution in RollupResolution.All)
        {
            var row = Row(LlmCalls, LlmKey(call, resolution));
            row.Calls++;
            row.FailedCalls += call.Status == SpanStatus.Error ? 1 : 0;
            row.InputTokens += buckets.TotalInput;
            row.CacheReadTokens += buckets.CacheRead;
            row.CacheWriteTokens += buckets.CacheWrite;
            row.OutputTokens += buckets.TotalOutput;
            row.ReasoningTokens += buckets.Reasoning;
            AddCost(row, call.CostSource, call.CostUsd, +1);
            row.DurationMicroseconds += DurationMicroseconds(call);
            row.FirstSeen = Math.Min(row.FirstSeen, UnixTime.Microseconds(call.StartTime));
            row.LastSeen = Math.Max(row.LastSeen, UnixTime.Microseconds(call.EndTime));
        }
    }

    /// <summary>
    /// The change when an already rolled-up call is re-priced: its old cost leaves its buckets and the new one
    /// enters. Counts and tokens do not change.
    /// </summary>
    public void AddRepricing(LlmCall call, CallCost newCost)
    {
        foreach (var resolution in RollupResolution.All)
        {
            var row = Row(LlmCalls, LlmKey(call, resolution));
            AddCost(row, call.CostSource, call.CostUsd, -1);
            AddCost(row, newCost.Source, newCost.Amount, +1);
        }
    }

    public void Add(AgentRun run, int iterations)
    {
        foreach (var resolution in RollupResolution.All)
        {
            var row = Row(Runs, RunKey(run, resolution));
            row.Runs++;
            row.FailedRuns += run.Status == SpanStatus.Error ? 1 : 0;
            row.Iterations += iterations;
            row.DurationMicroseconds += DurationMicroseconds(run);
            row.FirstSeen = Math.Min(row.FirstSeen, UnixTime.Microseconds(run.StartTime));
            row.LastSeen = Math.Max(row.LastSeen, UnixTime.Microseconds(run.EndTime));
        }
    }

    /// <summary>Iterations that reached an already rolled-up run late: only its iteration count changes.</summary>
    public void AddIterations(AgentRun run, int iterations)
    {
        foreach (var resolution in RollupResolution.All)
        {
            Row(Runs, RunKey(run, resolution)).Iterations += iterations;
        }
    }

    public void Add(ToolCall call)
    {
        foreach (var resolution in RollupResolution.All)
        {
            var row = Row(ToolCalls, new ToolRollupKey(resolution,
                RollupResolution.BucketStart(call.StartTime, resolution), AgentOrUnattributed(call.AgentName),
                call.SessionId ?? "", call.ToolName, call.ServiceName ?? "", call.UserId ?? "", call.Dimensions ?? ""));
            row.Calls++;
            row.FailedCalls += call.Success ? 0 : 1;
            row.DurationMicroseconds += DurationMicroseconds(call);
        }
    }

    /// <summary>The model a call is rolled up under: the one that answered, else the one asked for.</summary>
    public static string ModelOf(LlmCall call) => call.ResponseModel ?? call.RequestModel ?? "";

    private static LlmRollupKey LlmKey(LlmCall call, int resolution) => new(resolution,
        RollupResolution.BucketStart(call.StartTime, resolution), AgentOrUnattributed(call.AgentName),
        call.SessionId ?? "", ModelOf(call), call.Provider ?? "", call.ServiceName ?? "", call.UserId ?? "",
        call.Dimensions ?? "");

    private static RunRollupKey RunKey(AgentRun run, int resolution) => new(resolution,
        RollupResolution.BucketStart(run.StartTime, resolution), AgentOrUnattributed(run.AgentName),
        run.SessionId ?? "", run.ServiceName ?? "", run.UserId ?? "", run.Dimensions ?? "");

    private static void AddCost(LlmRollupTotals row, CostSource source, decimal? amount, int sign)
    {
        if (source == CostSource.Unpriced || amount is null)
        {
            row.UnpricedCalls += sign;
        }
        else
        {
            row.CostUsd += sign * amount.Value;
        }
    }

    private static string AgentOrUnattributed(string? agent) =>
        string.IsNullOrEmpty(agent) ? AttributedCall.UnattributedAgent : agent;

    private static long DurationMicroseconds(TelemetryRecord record) => Math.Max(0, record.Duration.Ticks / 10);

    private static TValue Row<TKey, TValue>(Dictionary<TKey, TValue> rows, TKey key)
        where TKey : notnull where TValue : new()
    {
        if (!rows.TryGetValue(key, out var row))
        {
            row = new TValue();
            rows[key] = row;
        }

        return row;
    }
}
