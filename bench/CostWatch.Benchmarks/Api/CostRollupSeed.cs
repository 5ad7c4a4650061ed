using CostWatch.TestSupport.Rollups;

namespace CostWatch.Benchmarks.Api;

/// <summary>
/// Rollup rows for the API benchmark, as the rollup job would have written them: every agent calls every model
/// once an hour, at a minute of its own, in a session per agent and day. Hour rows cover the whole period, day
/// rows are their sums, and minute rows exist for the last <see cref="MinuteDays"/> days only (what minute
/// retention keeps). The last model is priced by nobody, so its calls are unpriced. Deterministic, so the
/// benchmark can check the API's totals against <see cref="Expected"/>.
/// </summary>
internal sealed class CostRollupSeed(DateTimeOffset now, int days, int agents, int models)
{
    /// <summary>
    /// The worker's default minute retention (<c>CostWatch:Rollups:MinuteRetention</c>). Seeding more left the
    /// retention job, which runs as the worker starts, deleting a day of minute rows during the first requests.
    /// </summary>
    private const int MinuteDays = 2;
    private const int Hour = 3600;
    private const int Day = 86400;

    private readonly long _now = now.ToUnixTimeSeconds();

    /// <summary>The first hour with activity: one day before the queried period, so its start falls mid-data.</summary>
    private long FirstHour => (_now - (days + 1) * (long)Day) / Hour * Hour;

    /// <summary>Hour rows first (streamed), then minute rows, then day rows.</summary>
    public IEnumerable<LlmRollupRow> Rows()
    {
        var dayRows = new Dictionary<(long Day, int Agent, int Model), LlmRollupRow>();
        var minuteFrom = _now - MinuteDays * (long)Day;
        foreach (var activity in Activities())
        {
            yield return Row(activity, Hour, activity.Hour);
            if (activity.Time >= minuteFrom)
            {
                yield return Row(activity, 60, activity.Time);
            }

            var day = activity.Hour / Day * Day;
            var key = (day, activity.Agent, activity.Model);
            dayRows[key] = dayRows.TryGetValue(key, out var sum) ? Add(sum, activity) : Row(activity, Day, day);
        }

        foreach (var row in dayRows.Values)
        {
            yield return row;
        }
    }

    /// <summary>Calls and the exact cost of the priced ones, over the activities in [from, to) (Unix seconds).</summary>
    public (long Calls, decimal CostUsd, long UnpricedCalls) Expected(long from, long to)
    {
        long calls = 0;
        long unpriced = 0;
        var cost = 0m;
        foreach (var activity in Activities().Where(a => a.Time >= from && a.Time < to))
        {
            calls += activity.Calls;
            cost += activity.CostUsd;
            unpriced += activity.Priced ? 0 : activity.Calls;
        }

        return (calls, cost, unpriced);
    }

    private IEnumerable<Activity> Activities()
    {
        for (var hour = FirstHour; hour <= _now; hour += Hour)
        {
            for (var agent = 0; agent < agents; agent++)
            {
                for (var model = 0; model < models; model++)
                {
                    var time = hour + (agent * 7 + model * 13 + hour / Hour) % 60 * 60;
                    if (time >= _now)
                    {
                        continue;
                    }

                    var calls = 1 + (agent + model * 3 + hour / Hour) % 5;
                    var priced = model != models - 1;
                    // Prices in the range real models have, with digits a double would not keep.
                    var perCall = 0.0001234567m * (1 + model) + 0.0000000001m * agent;
                    yield return new Activity(hour, time, agent, model, calls, priced ? perCall * calls : 0m, priced);
                }
            }
        }
    }

    private LlmRollupRow Row(Activity a, int resolution, long bucket) => new()
    {
        Resolution = resolution,
        BucketStart = bucket,
        Agent = $"agent-{a.Agent:D3}",
        Session = $"agent-{a.Agent:D3}-{a.Hour / Day}",
        Model = $"model-{a.Model:D2}",
        Provider = a.Model % 2 == 0 ? "openai" : "anthropic",
        Service = "fleet",
        Calls = a.Calls,
        InputTokens = a.Calls * 1200,
        CacheReadTokens = a.Calls * 200,
        OutputTokens = a.Calls * 300,
        ReasoningTokens = a.Calls * 50,
        CostUsd = a.CostUsd,
        UnpricedCalls = a.Priced ? 0 : a.Calls,
        DurationMicros = a.Calls * 1_500_000,
        FirstSeen = a.Time * 1_000_000,
        LastSeen = a.Time * 1_000_000 + 1_500_000,
    };

    private static LlmRollupRow Add(LlmRollupRow sum, Activity a) => sum with
    {
        Calls = sum.Calls + a.Calls,
        InputTokens = sum.InputTokens + a.Calls * 1200,
        CacheReadTokens = sum.CacheReadTokens + a.Calls * 200,
        OutputTokens = sum.OutputTokens + a.Calls * 300,
        ReasoningTokens = sum.ReasoningTokens + a.Calls * 50,
        CostUsd = sum.CostUsd + a.CostUsd,
        UnpricedCalls = sum.UnpricedCalls + (a.Priced ? 0 : a.Calls),
        DurationMicros = sum.DurationMicros + a.Calls * 1_500_000,
        FirstSeen = Math.Min(sum.FirstSeen, a.Time * 1_000_000),
        LastSeen = Math.Max(sum.LastSeen, a.Time * 1_000_000 + 1_500_000),
    };

    private readonly record struct Activity(long Hour, long Time, int Agent, int Model, long Calls, decimal CostUsd, bool Priced);
}
