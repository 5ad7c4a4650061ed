using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;
using CostWatch.TestSupport;
using CostWatch.TestSupport.Rollups;

namespace CostWatch.Storage.Tests.Costs;

/// <summary>The cost queries on both stores, over rollup rows written directly (as the rollup job would).</summary>
public sealed class CostQueryStoreTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Day.AddDays(1).AddHours(12);
    private static readonly RollupRetention Retention = new(TimeSpan.FromDays(2), TimeSpan.FromDays(90), TimeSpan.FromDays(1095));

    [Theory]
    [StoreProviders]
    public async Task GroupedByAgentAndModel_EachRowIsTheExactSumOfItsCalls(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);

        var rows = await Costs(store).QueryCostsAsync(Query(Day.AddHours(9).AddMinutes(30), Day.AddHours(20),
            [QueryDimension.Agent, QueryDimension.Model]), default);

        var expected = calls.Where(c => c.Start >= Day.AddHours(9).AddMinutes(30) && c.Start < Day.AddHours(20))
            .GroupBy(c => $"{c.Agent}|{c.Model}")
            .ToDictionary(g => g.Key, g => Figures(g));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            rows.Select(r => KeyValuePair.Create(string.Join('|', r.Keys), r.Figures)).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Null(r.BucketStart));
    }

    [Theory]
    [StoreProviders]
    public async Task PlansMixingResolutions_GiveTheSameSumsAsMinutesAlone(StorageProvider provider)
    {
        await using var store = await SeededStoreAsync(provider, Workload());
        var from = Day.AddHours(-3).AddMinutes(17);
        var to = Day.AddDays(1).AddHours(2).AddMinutes(41);

        var planned = await Costs(store).QueryCostsAsync(Query(from, to, [QueryDimension.Agent]), default);
        var minutes = await Costs(store).QueryCostsAsync(new CostQuery(
            [new QuerySegment(RollupResolution.Minute, from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds())],
            [QueryDimension.Agent], null, [], 100), default);

        Assert.True(CostQueryPlanner.Plan(from, to, null, Now, Retention).Segments.Select(s => s.Resolution).Distinct().Count() == 3);
        Assert.Equal(minutes.OrderBy(r => r.Keys[0]).Select(r => r.Figures), planned.OrderBy(r => r.Keys[0]).Select(r => r.Figures));
    }

    [Theory]
    [StoreProviders]
    public async Task DaysMinusTheirOtherHours_GiveEachGroupsExactSums_AndNoRowForAGroupThatNetsToNothing(StorageProvider provider)
    {
        var calls = Workload();
        // Each only outside one of the ranges, in the partial day it starts or ends in: the day bucket holds it, the
        // subtracted hours take it out again.
        calls.Add(new RollupCall { Start = Day.AddHours(1), Agent = "early-bird", Model = "gpt-4o", Provider = "openai", InputTokens = 7, CostUsd = 0.5m });
        calls.Add(new RollupCall { Start = Day.AddHours(23).AddMinutes(30), Agent = "night-owl", Model = "gpt-4o", Provider = "openai", InputTokens = 7, CostUsd = 0.25m });
        await using var store = await SeededStoreAsync(provider, calls);

        foreach (var (from, to, step, outside) in new (DateTimeOffset, DateTimeOffset, RollupResolution?, string)[]
                 {
                     (Day.AddHours(2).AddMinutes(13), Day.AddDays(1).AddHours(12), null, "early-bird"),
                     (Day.AddHours(-20).AddMinutes(5), Day.AddHours(22).AddMinutes(50), RollupResolution.Day, "night-owl"),
                 })
        {
            var plan = DayComplement.Apply(CostQueryPlanner.Plan(from, to, step, Now, Retention), Now, Retention);
            var rows = await Costs(store).QueryCostsAsync(new CostQuery(plan.Segments, [QueryDimension.Agent, QueryDimension.Model], step, [], 1000), default);

            Assert.Contains(plan.Segments, s => s.Subtracted);
            var expected = calls.Where(c => c.Start >= plan.From && c.Start < plan.To)
                .GroupBy(c => $"{c.Agent}|{c.Model}@{(step is null ? "" : c.Start.ToUnixTimeSeconds() / 86400 * 86400)}")
                .ToDictionary(g => g.Key, g => Figures(g));
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
                rows.Select(r => KeyValuePair.Create($"{string.Join('|', r.Keys)}@{r.BucketStart}", r.Figures)).OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.DoesNotContain(rows, r => r.Keys[0] == outside);
        }
    }

    /// <summary>
    /// A 30-day range starting at midday, the longest read: cut into lanes, read on connections over one snapshot and
    /// summed afterwards.
    /// </summary>
    [Theory]
    [StoreProviders]
    public async Task ThirtyDaysFromMidday_GiveEachGroupsExactSums_AndTheRowLimitStillHolds(StorageProvider provider)
    {
        var calls = MonthOfCalls();
        await using var store = await SeededStoreAsync(provider, calls);
        await using var holder = await HoldTheLogAsync(store);
        var plan = DayComplement.Apply(CostQueryPlanner.Plan(Now.AddDays(-30).AddMinutes(11), Now, null, Now, Retention), Now, Retention);

        var rows = await Costs(store).QueryCostsAsync(new CostQuery(plan.Segments, [QueryDimension.Agent, QueryDimension.Model], null, [], 1000), default);
        var limited = await Costs(store).QueryCostsAsync(new CostQuery(plan.Segments, [QueryDimension.Session], null, [], 3), default);

        // As the stores split it on two cores: two lanes, the subtracted morning in its day's.
        var lanes = QueryLanes.Split(plan.Segments, maxLanes: 2, minBucketsPerLane: 12);
        Assert.Equal(2, lanes.Count);
        Assert.Contains(plan.Segments, s => s.Subtracted);
        var expected = calls.Where(c => c.Start >= plan.From && c.Start < plan.To)
            .GroupBy(c => $"{c.Agent}|{c.Model}")
            .ToDictionary(g => g.Key, g => Figures(g));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            rows.Select(r => KeyValuePair.Create(string.Join('|', r.Keys), r.Figures)).OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal(3, limited.Count);
        Assert.Equal(3, limited.Select(r => r.Keys[0]).Distinct().Count());
        Assert.Equal(2, ((SqlTelemetryStore)store.Store).CostQueriesReadInLanes);
    }

    [Theory]
    [StoreProviders]
    public async Task HourlyStep_GivesOneRowPerHourAndGroup(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);

        var rows = await Costs(store).QueryCostsAsync(
            Query(Day, Day.AddDays(1), [QueryDimension.Agent], RollupResolution.Hour), default);

        var expected = calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1))
            .GroupBy(c => $"{c.Agent}@{c.Start.ToUnixTimeSeconds() / 3600 * 3600}")
            .ToDictionary(g => g.Key, g => Figures(g));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            rows.Select(r => KeyValuePair.Create($"{r.Keys[0]}@{r.BucketStart}", r.Figures)).OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Theory]
    [StoreProviders]
    public async Task Filters_KeepOnlyMatchingRows_AnEmptyValueMeaningNone(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);
        var all = calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1)).ToList();

        var twoAgents = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [],
            filters: [new CostFilter(QueryDimension.Agent, ["researcher", "writer"]), new CostFilter(QueryDimension.Model, ["gpt-4o"])]), default);
        var noUser = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [],
            filters: [new CostFilter(QueryDimension.User, [""])]), default);

        Assert.Equal(Figures(all.Where(c => c.Agent is "researcher" or "writer" && c.Model == "gpt-4o")), Assert.Single(twoAgents).Figures);
        Assert.Equal(Figures(all.Where(c => c.User == "")), Assert.Single(noUser).Figures);
    }

    [Theory]
    [StoreProviders]
    public async Task CustomDimension_GroupsAndFilters_FromTheDimensionsJson(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);
        var all = calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1)).ToList();
        var team = QueryDimension.Custom("team");

        var byTeam = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [team]), default);
        var platform = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [QueryDimension.Agent],
            filters: [new CostFilter(team, ["platform"])]), default);

        Assert.Equal(["", "platform", "search"], byTeam.Select(r => r.Keys[0]).Order(StringComparer.Ordinal));
        Assert.Equal(Figures(all.Where(c => c.Dimensions.Contains("\"platform\""))), byTeam.Single(r => r.Keys[0] == "platform").Figures);
        Assert.Equal(Figures(all.Where(c => c.Dimensions == "")), byTeam.Single(r => r.Keys[0] == "").Figures);
        Assert.Equal(["writer"], platform.Select(r => r.Keys[0]));
    }

    [Theory]
    [StoreProviders]
    public async Task UnpricedCalls_AreCounted_AndACostOfOnlyUnpricedCallsIsUnknown(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);

        var rows = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [QueryDimension.Model]), default);

        var mystery = rows.Single(r => r.Keys[0] == "mystery-model").Figures;
        Assert.Equal(mystery.Calls, mystery.UnpricedCalls);
        Assert.Null(mystery.CostUsd);
        var mixed = rows.Single(r => r.Keys[0] == "gpt-4o").Figures;
        Assert.Equal(1, mixed.UnpricedCalls);
        Assert.NotNull(mixed.CostUsd);
    }

    [Theory]
    [StoreProviders]
    public async Task MoneyIsSummedExactly_BeyondWhatADoubleHolds(StorageProvider provider)
    {
        var start = Day.AddHours(1);
        RollupCall[] calls =
        [
            new() { Start = start, Agent = "a", CostUsd = 0.1m },
            new() { Start = start.AddMinutes(1), Agent = "a", CostUsd = 0.2m },
            new() { Start = start.AddMinutes(2), Agent = "a", CostUsd = 0.000000000123456789012345m },
            new() { Start = start.AddMinutes(3), Agent = "a", CostUsd = 1234.0000000000000001m },
        ];
        await using var store = await SeededStoreAsync(provider, calls);

        var row = Assert.Single(await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [QueryDimension.Agent]), default));

        Assert.Equal(1234.300000000123456889012345m, row.Figures.CostUsd);
    }

    [Theory]
    [StoreProviders]
    public async Task RowLimit_CapsTheRows(StorageProvider provider)
    {
        await using var store = await SeededStoreAsync(provider, Workload());

        var rows = await Costs(store).QueryCostsAsync(Query(Day, Day.AddDays(1), [QueryDimension.Session], rowLimit: 2), default);

        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [StoreProviders]
    public async Task EmptyRange_AnswersNoRows_EvenWithoutGroupBy(StorageProvider provider)
    {
        await using var store = await SeededStoreAsync(provider, Workload());

        Assert.Empty(await Costs(store).QueryCostsAsync(Query(Day.AddDays(-20), Day.AddDays(-19), []), default));
    }

    [Theory]
    [StoreProviders]
    public async Task Sessions_AreRankedBySortKey_WithTheirAgents(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);
        var plan = CostQueryPlanner.Plan(Day, Day.AddDays(1), null, Now, Retention);
        var inRange = calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1) && c.Session != "").ToList();

        foreach (var sort in Enum.GetValues<SessionSort>())
        {
            var sessions = await Costs(store).QuerySessionsAsync(new SessionQuery(plan.Segments, null, sort, 10), default);
            Func<IGrouping<string, RollupCall>, decimal> key = sort switch
            {
                SessionSort.Cost => g => g.Sum(c => c.CostUsd ?? 0m),
                SessionSort.Calls => g => g.Count(),
                SessionSort.Tokens => g => g.Sum(c => c.InputTokens + c.OutputTokens),
                _ => g => g.Max(c => c.Start.ToUnixTimeMilliseconds()),
            };
            var expected = inRange.GroupBy(c => c.Session).OrderByDescending(key).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).Take(10);
            Assert.Equal(expected, sessions.Select(s => s.Session));
        }

        var byCost = await Costs(store).QuerySessionsAsync(new SessionQuery(plan.Segments, null, SessionSort.Cost, 1), default);
        var top = Assert.Single(byCost);
        Assert.Equal("s-big", top.Session);
        Assert.Equal(["researcher", "writer"], top.Agents);
        Assert.Equal(Figures(inRange.Where(c => c.Session == "s-big")), top.Figures);
    }

    [Theory]
    [StoreProviders]
    public async Task SessionsByCost_AreOrderedByValue_NotAsText(StorageProvider provider)
    {
        RollupCall[] calls =
        [
            new() { Start = Day.AddHours(1), Agent = "a", Session = "nine-fifty", CostUsd = 9.5m },
            new() { Start = Day.AddHours(1), Agent = "a", Session = "ten-twenty-five", CostUsd = 10.25m },
            new() { Start = Day.AddHours(1), Agent = "a", Session = "one-hundred", CostUsd = 100m },
        ];
        await using var store = await SeededStoreAsync(provider, calls);
        var plan = CostQueryPlanner.Plan(Day, Day.AddDays(1), null, Now, Retention);

        var sessions = await Costs(store).QuerySessionsAsync(new SessionQuery(plan.Segments, null, SessionSort.Cost, 10), default);

        Assert.Equal(["one-hundred", "ten-twenty-five", "nine-fifty"], sessions.Select(s => s.Session));
    }

    [Theory]
    [StoreProviders]
    public async Task Sessions_OfOneAgent_CountOnlyThatAgentsCalls(StorageProvider provider)
    {
        var calls = Workload();
        await using var store = await SeededStoreAsync(provider, calls);
        var plan = CostQueryPlanner.Plan(Day, Day.AddDays(1), null, Now, Retention);

        var sessions = await Costs(store).QuerySessionsAsync(new SessionQuery(plan.Segments, "writer", SessionSort.Cost, 50), default);

        var big = sessions.Single(s => s.Session == "s-big");
        Assert.Equal(["writer"], big.Agents);
        Assert.Equal(Figures(calls.Where(c => c.Session == "s-big" && c.Agent == "writer" && c.Start >= Day && c.Start < Day.AddDays(1))), big.Figures);
        Assert.DoesNotContain(sessions, s => s.Session == "s-small");
    }

    [Theory]
    [StoreProviders]
    public async Task SessionDetail_HasAgentsModelsRunsAndTimes_AndAnUnknownSessionIsNull(StorageProvider provider)
    {
        var calls = Workload();
        var runStart = Day.AddHours(10).ToUnixTimeMilliseconds() * 1000;
        RunRollupRow[] runs =
        [
            new() { Resolution = 86400, BucketStart = Day.ToUnixTimeSeconds(), Agent = "researcher", Session = "s-big", Runs = 2, FailedRuns = 1, Iterations = 7, DurationMicros = 9_000_000, FirstSeen = runStart - 5_000_000, LastSeen = runStart + 1 },
            new() { Resolution = 3600, BucketStart = Day.AddHours(10).ToUnixTimeSeconds(), Agent = "researcher", Session = "s-big", Runs = 2, FailedRuns = 1, Iterations = 7, DurationMicros = 9_000_000, FirstSeen = runStart - 5_000_000, LastSeen = runStart + 1 },
        ];
        await using var store = await TestStore.CreateAsync(provider);
        await RollupTableWriter.WriteAsync(provider, store.ConnectionString, RollupBuckets.From(calls), runs);

        var detail = await Costs(store).GetSessionAsync("s-big", default);

        Assert.NotNull(detail);
        var sessionCalls = calls.Where(c => c.Session == "s-big").ToList();
        Assert.Equal(Figures(sessionCalls), detail.Figures);
        Assert.Equal(["researcher", "writer"], detail.Agents.Select(a => a.Agent).Order(StringComparer.Ordinal));
        Assert.Equal(Figures(sessionCalls.Where(c => c.Agent == "writer")), detail.Agents.Single(a => a.Agent == "writer").Figures);
        Assert.Equal(sessionCalls.Select(c => (c.Model, c.Provider)).Distinct().Order(),
            detail.Models.Select(m => (m.Model, m.Provider)).Order());
        var run = Assert.Single(detail.Runs);
        Assert.Equal(("researcher", 2L, 1L, 7L, 9_000_000L), (run.Agent, run.Runs, run.FailedRuns, run.Iterations, run.DurationMicros));
        Assert.Equal(Math.Min(runStart - 5_000_000, sessionCalls.Min(c => c.Start.ToUnixTimeMilliseconds() * 1000)), detail.FirstSeen);
        Assert.Equal(sessionCalls.Max(c => c.Start.ToUnixTimeMilliseconds() * 1000 + 1_000_000), detail.LastSeen);

        Assert.Null(await Costs(store).GetSessionAsync("no-such-session", default));
    }

    /// <summary>
    /// Two days of calls by three agents: sessions of different sizes, a custom dimension on some, a user on
    /// some, one unpriced gpt-4o call and a model nobody prices.
    /// </summary>
    internal static List<RollupCall> Workload()
    {
        var calls = new List<RollupCall>();
        var random = new Random(7);
        string[] agents = ["researcher", "writer", "__unattributed__"];
        string[] models = ["gpt-4o", "claude-sonnet-4", "mystery-model"];
        for (var i = 0; i < 400; i++)
        {
            var agent = agents[i % 3];
            var model = models[random.Next(3)];
            var session = agent == "__unattributed__" ? "" : i % 5 == 0 ? "s-small" : i % 7 == 0 ? $"s-{i}" : "s-big";
            if (session == "s-small" && agent == "writer")
            {
                session = "s-writerless";
            }

            calls.Add(new RollupCall
            {
                Start = Day.AddDays(-1).AddSeconds(random.Next(0, 2 * 86400)),
                Agent = agent,
                Session = session,
                Model = model,
                Provider = model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai",
                Service = "fleet",
                User = i % 4 == 0 ? "u-1" : "",
                Dimensions = agent == "writer" ? """{"team":"platform"}""" : agent == "researcher" ? """{"team":"search"}""" : "",
                InputTokens = 1000 + i,
                CacheReadTokens = i % 3 == 0 ? 200 : 0,
                CacheWriteTokens = i % 11 == 0 ? 50 : 0,
                OutputTokens = 100 + i,
                ReasoningTokens = i % 2 == 0 ? 30 : 0,
                CostUsd = model == "mystery-model" || i == 13 ? null : 0.0000025m * (1000 + i) + 0.00001m * (100 + i),
            });
        }

        if (calls.Where(c => c.Start >= Day && c.Start < Day.AddDays(1)).All(c => !(c.Model == "gpt-4o" && c.CostUsd is null)))
        {
            calls.Add(new RollupCall { Start = Day.AddHours(3), Agent = "writer", Model = "gpt-4o", Provider = "openai", InputTokens = 5 });
        }

        return calls;
    }

    /// <summary>Five weeks of calls up to <see cref="Now"/>, some every few hours, by three agents over ten sessions.</summary>
    private static List<RollupCall> MonthOfCalls()
    {
        var random = new Random(11);
        string[] agents = ["researcher", "writer", "reviewer"];
        string[] models = ["gpt-4o", "claude-sonnet-4", "mystery-model"];
        return Enumerable.Range(0, 600).Select(i =>
        {
            var model = models[random.Next(3)];
            return new RollupCall
            {
                Start = Now.AddDays(-35).AddSeconds(random.Next(0, 35 * 86400)),
                Agent = agents[random.Next(3)],
                Session = $"s-{random.Next(10)}",
                Model = model,
                Provider = model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai",
                InputTokens = 1000 + i,
                OutputTokens = 100 + i,
                CostUsd = model == "mystery-model" ? null : 0.0000025m * (1000 + i) + 0.000000000001m * i,
            };
        }).ToList();
    }

    internal static CostFigures Figures(IEnumerable<RollupCall> calls) => CostFigures.Sum(calls.Select(c => new CostFigures(
        1, c.InputTokens, c.CacheReadTokens, c.CacheWriteTokens, c.OutputTokens, c.ReasoningTokens, c.CostUsd ?? 0m,
        c.CostUsd is null ? 1 : 0)));

    private static CostQuery Query(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<QueryDimension> groupBy,
        RollupResolution? step = null, IReadOnlyList<CostFilter>? filters = null, int rowLimit = 1000) =>
        new(CostQueryPlanner.Plan(from, to, step, Now, Retention).Segments, groupBy, step, filters ?? [], rowLimit);

    private static ICostQueryStore Costs(TestStore store) => (ICostQueryStore)store.Store;

    /// <summary>
    /// On SQLite, a connection of its own kept open, which writes once: other tests clear every connection pool in the
    /// process, and were that to close the database's last connection, SQLite would delete its log. A log with nothing
    /// written to it yet has no snapshot to share, so the query would be read on one connection, correctly, but not
    /// the way the test means to check. (The header's user_version, which CostWatch does not use, is the write.)
    /// </summary>
    private static async Task<IAsyncDisposable?> HoldTheLogAsync(TestStore store)
    {
        if (store.Provider != StorageProvider.Sqlite)
        {
            return null;
        }

        var connection = new Microsoft.Data.Sqlite.SqliteConnection(store.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var write = connection.CreateCommand();
        write.CommandText = "PRAGMA user_version = 1";
        await write.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<TestStore> SeededStoreAsync(StorageProvider provider, IEnumerable<RollupCall> calls)
    {
        var store = await TestStore.CreateAsync(provider);
        await RollupTableWriter.WriteAsync(provider, store.ConnectionString, RollupBuckets.From(calls));
        return store;
    }
}
