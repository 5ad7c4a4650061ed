using CostWatch.Core.Alerting.Samples;
using CostWatch.Storage.Rollups;

namespace CostWatch.Storage.Alerting;

/// <summary>
/// The alert sample tables and the agent registry of <c>0003_alerts.sql</c>, written by the rollup pass through the
/// same upserts as the rollups.
/// </summary>
internal static class AlertSampleTables
{
    public static readonly RollupShape<RunIterationsKey, SampleCount> RunIterations = new("alert_run_iterations",
    [
        Key<RunIterationsKey, SampleCount>("bucket_start", typeof(long), k => k.BucketStart),
        Key<RunIterationsKey, SampleCount>("agent", typeof(string), k => k.Agent),
        Key<RunIterationsKey, SampleCount>("iterations", typeof(int), k => k.Iterations),
        new("runs", RollupMerge.Sum, typeof(long), (_, t) => t.Value),
    ]);

    public static readonly RollupShape<RunDurationKey, SampleCount> RunDurations = new("alert_run_durations",
    [
        Key<RunDurationKey, SampleCount>("bucket_start", typeof(long), k => k.BucketStart),
        Key<RunDurationKey, SampleCount>("agent", typeof(string), k => k.Agent),
        Key<RunDurationKey, SampleCount>("duration_bucket", typeof(int), k => k.DurationBucket),
        new("runs", RollupMerge.Sum, typeof(long), (_, t) => t.Value),
    ]);

    public static readonly RollupShape<ToolSampleKey, ToolSampleTotals> ToolCalls = new("alert_tool_calls",
    [
        Key<ToolSampleKey, ToolSampleTotals>("bucket_start", typeof(long), k => k.BucketStart),
        Key<ToolSampleKey, ToolSampleTotals>("agent", typeof(string), k => k.Agent),
        Key<ToolSampleKey, ToolSampleTotals>("tool", typeof(string), k => k.Tool),
        new("calls", RollupMerge.Sum, typeof(long), (_, t) => t.Calls),
        new("failed_calls", RollupMerge.Sum, typeof(long), (_, t) => t.FailedCalls),
    ]);

    public static readonly RollupShape<LlmSampleKey, LlmSampleTotals> LlmCalls = new("alert_llm_calls",
    [
        Key<LlmSampleKey, LlmSampleTotals>("bucket_start", typeof(long), k => k.BucketStart),
        Key<LlmSampleKey, LlmSampleTotals>("agent", typeof(string), k => k.Agent),
        Key<LlmSampleKey, LlmSampleTotals>("model", typeof(string), k => k.Model),
        Key<LlmSampleKey, LlmSampleTotals>("provider", typeof(string), k => k.Provider),
        new("calls", RollupMerge.Sum, typeof(long), (_, t) => t.Calls),
        new("unpriced_calls", RollupMerge.Sum, typeof(long), (_, t) => t.UnpricedCalls),
        new("max_input_tokens", RollupMerge.Max, typeof(long), (_, t) => t.MaxInputTokens),
    ]);

    /// <summary>retired_at is left out: a new agent is not retired, and one that reports again is told apart by last_seen.</summary>
    public static readonly RollupShape<string, AgentSighting> Agents = new("alert_agents",
    [
        Key<string, AgentSighting>("agent", typeof(string), k => k),
        new("first_seen", RollupMerge.Min, typeof(long), (_, t) => t.FirstSeen),
        new("last_seen", RollupMerge.Max, typeof(long), (_, t) => t.LastSeen),
    ]);

    /// <summary>The tables pruned with the minute rollups (the registry is not: it remembers agents until retired).</summary>
    public static readonly string[] MinuteTables =
        [RunIterations.Table, RunDurations.Table, ToolCalls.Table, LlmCalls.Table];

    private static RollupColumn<TKey, TTotals> Key<TKey, TTotals>(string name, Type type, Func<TKey, object> get) =>
        new(name, RollupMerge.Key, type, (k, _) => get(k));
}
