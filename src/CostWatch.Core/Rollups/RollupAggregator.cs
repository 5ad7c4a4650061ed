using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Core.Rollups;

/// <summary>
/// Adds records into rollup rows, each record into its minute, hour and day bucket, in exact arithmetic. The
/// rows are deltas: the store adds them to what it holds, so the same code serves new records and corrections
/// (a re-priced call adds the difference of its cost).
/// </summary>
/// <remarks>
/// A record is keyed once, into its minute row; the hour and day rows are folded from the minute rows when they
/// are read (every hour and day is a whole number of minutes, and every total is a sum, a minimum or a maximum).
/// A loaded rollup pass adds millions of records, and keying each three times was most of its aggregation.
/// The rows are read once the records are added: a view read earlier shares the minute rows with later adds.
/// </remarks>
public sealed class RollupAggregator
{
    private static readonly int[] FoldedResolutions = [RollupResolution.Hour, RollupResolution.Day];

    private readonly Dictionary<LlmRollupKey, LlmRollupTotals> _llmMinutes = [];
    private readonly Dictionary<RunRollupKey, RunRollupTotals> _runMinutes = [];
    private readonly Dictionary<ToolRollupKey, ToolRollupTotals> _toolMinutes = [];
    private Dictionary<LlmRollupKey, LlmRollupTotals>? _llmCalls;
    private Dictionary<RunRollupKey, RunRollupTotals>? _runs;
    private Dictionary<ToolRollupKey, ToolRollupTotals>? _toolCalls;

    /// <summary>The LLM-call rows at every resolution.</summary>
    public IReadOnlyDictionary<LlmRollupKey, LlmRollupTotals> LlmCalls =>
        _llmCalls ??= Fold(_llmMinutes);

    /// <summary>The agent-run rows at every resolution.</summary>
    public IReadOnlyDictionary<RunRollupKey, RunRollupTotals> Runs =>
        _runs ??= Fold(_runMinutes);

    /// <summary>The tool-call rows at every resolution.</summary>
    public IReadOnlyDictionary<ToolRollupKey, ToolRollupTotals> ToolCalls =>
        _toolCalls ??= Fold(_toolMinutes);

    public bool IsEmpty => _llmMinutes.Count == 0 && _runMinutes.Count == 0 && _toolMinutes.Count == 0;

    public void Add(LlmCall call)
    {
        var buckets = TokenBuckets.From(call);
        var row = Row(_llmMinutes, LlmKey(call));
        _llmCalls = null;
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

    /// <summary>
    /// The change when an already rolled-up call is re-priced: its old cost leaves its buckets and the new one
    /// enters. Counts and tokens do not change.
    /// </summary>
    public void AddRepricing(LlmCall call, CallCost newCost)
    {
        var row = Row(_llmMinutes, LlmKey(call));
        _llmCalls = null;
        AddCost(row, call.CostSource, call.CostUsd, -1);
        AddCost(row, newCost.Source, newCost.Amount, +1);
    }

    public void Add(AgentRun run, int iterations)
    {
        var row = Row(_runMinutes, RunKey(run));
        _runs = null;
        row.Runs++;
        row.FailedRuns += run.Status == SpanStatus.Error ? 1 : 0;
        row.Iterations += iterations;
        row.DurationMicroseconds += DurationMicroseconds(run);
        row.FirstSeen = Math.Min(row.FirstSeen, UnixTime.Microseconds(run.StartTime));
        row.LastSeen = Math.Max(row.LastSeen, UnixTime.Microseconds(run.EndTime));
    }

    /// <summary>Iterations that reached an already rolled-up run late: only its iteration count changes.</summary>
    public void AddIterations(AgentRun run, int iterations)
    {
        Row(_runMinutes, RunKey(run)).Iterations += iterations;
        _runs = null;
    }

    public void Add(ToolCall call)
    {
        var row = Row(_toolMinutes, new ToolRollupKey(RollupResolution.Minute,
            RollupResolution.BucketStart(call.StartTime, RollupResolution.Minute), AgentOrUnattributed(call.AgentName),
            call.SessionId ?? "", call.ToolName, call.ServiceName ?? "", call.UserId ?? "", call.Dimensions ?? ""));
        _toolCalls = null;
        row.Calls++;
        row.FailedCalls += call.Success ? 0 : 1;
        row.DurationMicroseconds += DurationMicroseconds(call);
    }

    /// <summary>The model a call is rolled up under: the one that answered, else the one asked for.</summary>
    public static string ModelOf(LlmCall call) => call.ResponseModel ?? call.RequestModel ?? "";

    private static LlmRollupKey LlmKey(LlmCall call) => new(RollupResolution.Minute,
        RollupResolution.BucketStart(call.StartTime, RollupResolution.Minute), AgentOrUnattributed(call.AgentName),
        call.SessionId ?? "", ModelOf(call), call.Provider ?? "", call.ServiceName ?? "", call.UserId ?? "",
        call.Dimensions ?? "");

    private static RunRollupKey RunKey(AgentRun run) => new(RollupResolution.Minute,
        RollupResolution.BucketStart(run.StartTime, RollupResolution.Minute), AgentOrUnattributed(run.AgentName),
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

    /// <summary>The minute rows, and the hour and day rows each is part of, added up from them.</summary>
    private static Dictionary<TKey, TTotals> Fold<TKey, TTotals>(Dictionary<TKey, TTotals> minutes)
        where TKey : IRollupKey<TKey> where TTotals : IRollupTotals<TTotals>, new()
    {
        var rows = new Dictionary<TKey, TTotals>(minutes);
        foreach (var (minute, totals) in minutes)
        {
            foreach (var resolution in FoldedResolutions)
            {
                Row(rows, minute.InBucket(resolution, RollupResolution.BucketStart(minute.BucketStart, resolution))).Add(totals);
            }
        }

        return rows;
    }

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
