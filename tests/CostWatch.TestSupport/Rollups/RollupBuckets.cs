namespace CostWatch.TestSupport.Rollups;

/// <summary>
/// What the rollup job makes of calls, written independently for tests: each call is added to its minute, hour
/// and day bucket, keyed as in <c>llm_rollups</c>.
/// </summary>
public static class RollupBuckets
{
    public static readonly int[] Resolutions = [60, 3600, 86400];

    public static List<LlmRollupRow> From(IEnumerable<RollupCall> calls, IEnumerable<int>? resolutions = null)
    {
        var rows = new Dictionary<(int, long, string, string, string, string, string, string, string), LlmRollupRow>();
        foreach (var call in calls)
        {
            var start = call.Start.ToUnixTimeMilliseconds() * 1000;
            var end = start + (long)call.Duration.TotalMicroseconds;
            foreach (var resolution in resolutions ?? Resolutions)
            {
                var seconds = call.Start.ToUnixTimeSeconds();
                var bucket = seconds - (seconds % resolution);
                var key = (resolution, bucket, call.Agent, call.Session, call.Model, call.Provider, call.Service,
                    call.User, call.Dimensions);
                var row = rows.TryGetValue(key, out var existing)
                    ? existing
                    : new LlmRollupRow
                    {
                        Resolution = resolution,
                        BucketStart = bucket,
                        Agent = call.Agent,
                        Session = call.Session,
                        Model = call.Model,
                        Provider = call.Provider,
                        Service = call.Service,
                        User = call.User,
                        Dimensions = call.Dimensions,
                        FirstSeen = start,
                        LastSeen = end,
                    };
                rows[key] = row with
                {
                    Calls = row.Calls + 1,
                    InputTokens = row.InputTokens + call.InputTokens,
                    CacheReadTokens = row.CacheReadTokens + call.CacheReadTokens,
                    CacheWriteTokens = row.CacheWriteTokens + call.CacheWriteTokens,
                    OutputTokens = row.OutputTokens + call.OutputTokens,
                    ReasoningTokens = row.ReasoningTokens + call.ReasoningTokens,
                    CostUsd = row.CostUsd + (call.CostUsd ?? 0m),
                    UnpricedCalls = row.UnpricedCalls + (call.CostUsd is null ? 1 : 0),
                    DurationMicros = row.DurationMicros + (end - start),
                    FirstSeen = Math.Min(row.FirstSeen, start),
                    LastSeen = Math.Max(row.LastSeen, end),
                };
            }
        }

        return [.. rows.Values];
    }
}
