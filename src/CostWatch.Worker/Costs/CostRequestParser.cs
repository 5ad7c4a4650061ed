using System.Globalization;
using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;
using CostWatch.Worker.Api;
using CostWatch.Worker.Rollups;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Costs;

/// <summary>
/// Checks the parameters of cost and session queries against the configured dimensions and limits, and plans
/// their range. Every refusal is a <see cref="QueryParameterException"/> naming the parameter.
/// </summary>
internal sealed class CostRequestParser(
    TimeProvider time,
    IOptions<RollupOptions> rollups,
    IOptions<CostsOptions> costs,
    IOptions<ApiOptions> api)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    /// <summary>Most values one dimension may be filtered by (each is a bound SQL parameter).</summary>
    public const int MaxFilterValues = 100;

    private static readonly Dictionary<string, SessionSort> SessionSorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cost"] = SessionSort.Cost,
        ["calls"] = SessionSort.Calls,
        ["tokens"] = SessionSort.Tokens,
        ["lastSeen"] = SessionSort.LastSeen,
    };

    public RollupRetention Retention =>
        new(rollups.Value.MinuteRetention, rollups.Value.HourRetention, rollups.Value.DayRetention);

    /// <summary>Every dimension name a query may use: the built-in ones, then the configured custom ones.</summary>
    public IEnumerable<string> DimensionNames =>
        QueryDimension.BuiltIn.Select(d => d.Name).Concat(costs.Value.Dimensions.Keys.Order(StringComparer.Ordinal));

    /// <exception cref="QueryParameterException">A parameter is invalid, or the query would exceed a limit.</exception>
    public CostReportSpec ParseCosts(CostRequest request)
    {
        var now = time.GetUtcNow();
        var (from, to) = Range(request.From, request.To, request.Since, now);
        RollupResolution? step = null;
        if (!string.IsNullOrWhiteSpace(request.Step))
        {
            step = CostStep.Parse(request.Step)
                   ?? throw new QueryParameterException("step", $"step must be {CostStep.Accepted}, was '{request.Step}'");
            var buckets = Math.Ceiling((to - from).TotalSeconds / (int)step.Value);
            if (buckets > api.Value.MaxBuckets)
            {
                throw new QueryParameterException("step", string.Create(CultureInfo.InvariantCulture,
                    $"step {request.Step} over this range makes {buckets} buckets, more than the {api.Value.MaxBuckets} allowed: use a coarser step or a shorter range"));
            }
        }

        var groupBy = ParseGroupBy(request.GroupBy);
        var filters = ParseFilters(request.Filters);
        var plan = CostQueryPlanner.Plan(from, to, step, now, Retention);
        // Time buckets finer than a day would put a day's sum in the bucket of its first hour.
        if (step is null or RollupResolution.Day)
        {
            plan = DayComplement.Apply(plan, now, Retention);
        }

        return new CostReportSpec(plan, groupBy, step, filters, api.Value.MaxRows);
    }

    /// <exception cref="QueryParameterException">A parameter is invalid.</exception>
    public (QueryPlan Plan, SessionQuery Query) ParseSessions(string? from, string? to, string? agent, string? sort,
        string? limit)
    {
        var now = time.GetUtcNow();
        var (start, end) = Range(from, to, null, now);
        var order = SessionSort.Cost;
        if (!string.IsNullOrWhiteSpace(sort) && !SessionSorts.TryGetValue(sort.Trim(), out order))
        {
            throw new QueryParameterException("sort", $"sort must be one of {string.Join(", ", SessionSorts.Keys)}, was '{sort}'");
        }

        var count = 50;
        var max = api.Value.MaxSessions;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > max))
        {
            throw new QueryParameterException("limit", $"limit must be a whole number from 1 to {max}, was '{limit}'");
        }

        var plan = CostQueryPlanner.Plan(start, end, null, now, Retention);
        return (plan, new SessionQuery(plan.Segments, string.IsNullOrEmpty(agent) ? null : agent, order, count));
    }

    private (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to, TimeSpan? since,
        DateTimeOffset now)
    {
        if (since is not null && !string.IsNullOrWhiteSpace(from))
        {
            throw new QueryParameterException("since", "give either since or from, not both");
        }

        var end = string.IsNullOrWhiteSpace(to) ? now : Time("to", to);
        var start = string.IsNullOrWhiteSpace(from)
            ? since is { } span ? now - span : end - DefaultRange
            : Time("from", from);
        if (start > end)
        {
            throw new QueryParameterException("from",
                $"from ({Rfc3339.Format(start)}) is after to ({Rfc3339.Format(end)})");
        }

        if (end - start > api.Value.MaxRange)
        {
            throw new QueryParameterException("from",
                $"the range from {Rfc3339.Format(start)} to {Rfc3339.Format(end)} is longer than the {api.Value.MaxRange} allowed");
        }

        return (start, end);
    }

    private static DateTimeOffset Time(string parameter, string text) =>
        Rfc3339.TryParse(text, out var value)
            ? value
            : throw new QueryParameterException(parameter,
                $"{parameter} must be an RFC 3339 date-time such as {Rfc3339.Example}, was '{text}'");

    private List<QueryDimension> ParseGroupBy(IReadOnlyList<string> groupBy)
    {
        var dimensions = new List<QueryDimension>();
        foreach (var name in groupBy.SelectMany(g => g.Split(',')).Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            var dimension = Dimension(name) ?? throw new QueryParameterException("groupBy",
                $"groupBy: unknown dimension '{name}'; known: {string.Join(", ", DimensionNames)}");
            if (dimensions.Contains(dimension))
            {
                throw new QueryParameterException("groupBy", $"groupBy names '{dimension.Name}' twice");
            }

            dimensions.Add(dimension);
        }

        return dimensions;
    }

    private List<CostFilter> ParseFilters(IReadOnlyList<KeyValuePair<string, string>> filters)
    {
        var values = new Dictionary<QueryDimension, List<string>>();
        foreach (var (name, value) in filters)
        {
            var dimension = Dimension(name) ?? throw new QueryParameterException(name,
                $"unknown parameter '{name}': not a dimension to filter by; known: {string.Join(", ", DimensionNames)}");
            if (!values.TryGetValue(dimension, out var list))
            {
                list = [];
                values[dimension] = list;
            }

            list.Add(value);
            if (list.Count > MaxFilterValues)
            {
                throw new QueryParameterException(name, $"{name} is given more than {MaxFilterValues} values");
            }
        }

        return values.Select(v => new CostFilter(v.Key, v.Value.Distinct(StringComparer.Ordinal).ToList())).ToList();
    }

    private QueryDimension? Dimension(string name) => QueryDimension.Find(name, costs.Value.Dimensions.Keys);
}
