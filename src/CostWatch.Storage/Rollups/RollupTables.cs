using CostWatch.Core.Rollups;

namespace CostWatch.Storage.Rollups;

/// <summary>The three rollup tables of <c>0002_costs.sql</c>, column by column.</summary>
internal static class RollupTables
{
    public static readonly RollupShape<LlmRollupKey, LlmRollupTotals> LlmCalls = new("llm_rollups",
    [
        .. CommonKey<LlmRollupKey, LlmRollupTotals>(("model", k => k.Model), ("provider", k => k.Provider)),
        Sum<LlmRollupKey, LlmRollupTotals>("calls", t => t.Calls),
        Sum<LlmRollupKey, LlmRollupTotals>("failed_calls", t => t.FailedCalls),
        Sum<LlmRollupKey, LlmRollupTotals>("input_tokens", t => t.InputTokens),
        Sum<LlmRollupKey, LlmRollupTotals>("cache_read_tokens", t => t.CacheReadTokens),
        Sum<LlmRollupKey, LlmRollupTotals>("cache_write_tokens", t => t.CacheWriteTokens),
        Sum<LlmRollupKey, LlmRollupTotals>("output_tokens", t => t.OutputTokens),
        Sum<LlmRollupKey, LlmRollupTotals>("reasoning_tokens", t => t.ReasoningTokens),
        new("cost_usd", RollupMerge.MoneySum, typeof(decimal), (_, t) => t.CostUsd),
        Sum<LlmRollupKey, LlmRollupTotals>("unpriced_calls", t => t.UnpricedCalls),
        Sum<LlmRollupKey, LlmRollupTotals>("duration_us", t => t.DurationMicroseconds),
        new("first_seen", RollupMerge.Min, typeof(long), (_, t) => t.FirstSeen),
        new("last_seen", RollupMerge.Max, typeof(long), (_, t) => t.LastSeen),
    ]);

    public static readonly RollupShape<RunRollupKey, RunRollupTotals> Runs = new("run_rollups",
    [
        .. CommonKey<RunRollupKey, RunRollupTotals>(),
        Sum<RunRollupKey, RunRollupTotals>("runs", t => t.Runs),
        Sum<RunRollupKey, RunRollupTotals>("failed_runs", t => t.FailedRuns),
        Sum<RunRollupKey, RunRollupTotals>("iterations", t => t.Iterations),
        Sum<RunRollupKey, RunRollupTotals>("duration_us", t => t.DurationMicroseconds),
        new("first_seen", RollupMerge.Min, typeof(long), (_, t) => t.FirstSeen),
        new("last_seen", RollupMerge.Max, typeof(long), (_, t) => t.LastSeen),
    ]);

    public static readonly RollupShape<ToolRollupKey, ToolRollupTotals> ToolCalls = new("tool_rollups",
    [
        .. CommonKey<ToolRollupKey, ToolRollupTotals>(("tool", k => k.Tool)),
        Sum<ToolRollupKey, ToolRollupTotals>("calls", t => t.Calls),
        Sum<ToolRollupKey, ToolRollupTotals>("failed_calls", t => t.FailedCalls),
        Sum<ToolRollupKey, ToolRollupTotals>("duration_us", t => t.DurationMicroseconds),
    ]);

    /// <summary>The key columns in schema order: bucket, agent, session, the table's own, then service, user and dimensions.</summary>
    private static IEnumerable<RollupColumn<TKey, TTotals>> CommonKey<TKey, TTotals>(
        params (string Name, Func<TKey, string> Get)[] own) where TKey : IRollupKey =>
    [
        new("resolution", RollupMerge.Key, typeof(int), (k, _) => k.Resolution),
        new("bucket_start", RollupMerge.Key, typeof(long), (k, _) => k.BucketStart),
        Text<TKey, TTotals>("agent", k => k.Agent),
        Text<TKey, TTotals>("session", k => k.Session),
        .. own.Select(o => Text<TKey, TTotals>(o.Name, o.Get)),
        Text<TKey, TTotals>("service", k => k.Service),
        Text<TKey, TTotals>("user_id", k => k.User),
        Text<TKey, TTotals>("dimensions", k => k.Dimensions),
    ];

    private static RollupColumn<TKey, TTotals> Text<TKey, TTotals>(string name, Func<TKey, string> get) =>
        new(name, RollupMerge.Key, typeof(string), (k, _) => get(k));

    private static RollupColumn<TKey, TTotals> Sum<TKey, TTotals>(string name, Func<TTotals, long> get) =>
        new(name, RollupMerge.Sum, typeof(long), (_, t) => get(t));
}
