using System.Data.Common;
using System.Globalization;
using System.Text;
using CostWatch.Core.Costs;
using CostWatch.Storage.Costs;

namespace CostWatch.Storage;

/// <summary>
/// The cost queries over the rollup tables, in SQL both dialects accept. Each plan segment is one range scan of
/// the primary key (resolution, bucket_start, ...); the segments are joined by UNION ALL and summed outside.
/// Money is summed by the dialect's exact aggregate (<see cref="MoneySumSql"/>).
/// </summary>
internal abstract partial class SqlTelemetryStore : ICostQueryStore
{
    /// <summary>
    /// The least work, in buckets, worth a lane of its own: below it a second connection and its snapshot cost more
    /// than they save. A 30-day range of hours at an edge is about 30 + 12 buckets.
    /// </summary>
    private const int MinBucketsPerLane = 12;

    private long _costQueriesReadInLanes;

    private const string FigureColumns =
        "calls, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, unpriced_calls";

    public async Task<IReadOnlyList<CostRow>> QueryCostsAsync(CostQuery query, CancellationToken cancellationToken)
    {
        if (query.Segments.Count == 0)
        {
            return [];
        }

        var lanes = QueryLanes.Split(query.Segments, CostQueryLanes, MinBucketsPerLane);
        if (lanes.Count > 1 && await OpenSnapshotReadersAsync(lanes.Count, cancellationToken) is { } readers)
        {
            Interlocked.Increment(ref _costQueriesReadInLanes);
            await using (readers)
            {
                // Each lane is a sum of records (no group nets out across lanes), so a lane with RowLimit groups
                // means the answer has at least that many too: the lanes can be cut at the limit like the whole.
                // Task.Run: Microsoft.Data.Sqlite reads synchronously, so awaiting alone would read one lane at a time.
                var parts = await Task.WhenAll(lanes.Select((segments, i) => Task.Run(() => ReadCostRowsAsync(
                    readers.Connections[i], readers.Transactions[i], query with { Segments = segments }, cancellationToken),
                    cancellationToken)));
                return CostRowMerge.Sum(parts, query.RowLimit);
            }
        }

        await using var connection = await OpenAsync(cancellationToken);
        return await ReadCostRowsAsync(connection, null, query, cancellationToken);
    }

    /// <summary>Cost queries read in lanes so far: tests check that the long ones are.</summary>
    internal long CostQueriesReadInLanes => Interlocked.Read(ref _costQueriesReadInLanes);

    /// <summary>
    /// How many lanes a long cost query is cut into (<see cref="QueryLanes"/>) and read at once: SQLite runs a
    /// statement on one core, and PostgreSQL's parallel plan hands out a UNION ALL's branches whole, so 29 days in
    /// one branch kept one process busy while the others waited (docs/benchmarks.md, cost API). One per core, at
    /// least two so that one path serves every machine, at most four connections per request.
    /// </summary>
    private static int CostQueryLanes => Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>
    /// <paramref name="count"/> connections in read transactions that all see one snapshot of the database, or null
    /// where the store has none to share (then the query reads on one connection).
    /// </summary>
    protected abstract Task<SnapshotReaders?> OpenSnapshotReadersAsync(int count, CancellationToken cancellationToken);

    private async Task<List<CostRow>> ReadCostRowsAsync(DbConnection connection, DbTransaction? transaction,
        CostQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<CostRow>();
        await using var command = Command(connection, transaction, "");
        var keys = new List<string>();
        var inner = new List<string>();
        for (var i = 0; i < query.GroupBy.Count; i++)
        {
            keys.Add($"k{i}");
            inner.Add($"{DimensionSql(command, query.GroupBy[i], $"g{i}")} AS k{i}");
        }

        if (query.Step is { } step)
        {
            keys.Add("bucket");
            // Integer division: buckets aligned to the epoch, so to UTC minutes, hours and days.
            inner.Add(string.Create(CultureInfo.InvariantCulture, $"bucket_start / {(int)step} * {(int)step} AS bucket"));
        }

        // Each segment is summed by itself first: the outer aggregate then sees a few rows per group and segment
        // instead of every rollup row, which on PostgreSQL spared a sort of ~100k rows spilling to disk (the
        // planner's group estimate is far too high for a hash) and halved the 30-day query (docs/benchmarks.md).
        var grouping = keys.Count == 0 ? "" : " GROUP BY " + string.Join(", ", Enumerable.Range(1, keys.Count));
        var added = string.Join(", ", inner.Append(FigureSumsAsColumnsSql(subtracted: false)));
        var taken = string.Join(", ", inner.Append(FigureSumsAsColumnsSql(subtracted: true)));
        var source = SegmentsSql(command, query.Segments, "llm_rollups", segment => segment.Subtracted ? taken : added,
            FiltersSql(command, query.Filters) + grouping);
        var groupBy = keys.Count == 0 ? "" : $" GROUP BY {string.Join(", ", keys)}";
        var select = keys.Count == 0 ? "" : string.Join(", ", keys) + ", ";
        // With subtracted segments a group can net out to nothing: no call in the range, so no row (every rollup
        // row counts at least one call).
        var having = query.Segments.Any(s => s.Subtracted) ? " HAVING SUM(calls) <> 0" : "";
        command.CommandText = $"SELECT {select}{FigureSumsSql} FROM ({source}) r{groupBy}{having} LIMIT @limit";
        Add(command, "limit", query.RowLimit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var figuresAt = keys.Count;
            // Without any key the aggregate answers one row even over no rows; its sums are NULL then.
            if (reader.IsDBNull(figuresAt))
            {
                continue;
            }

            var values = new string[query.GroupBy.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetString(i);
            }

            long? bucket = query.Step is null ? null : reader.GetInt64(query.GroupBy.Count);
            rows.Add(new CostRow(values, bucket, ReadFigures(reader, figuresAt)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<SessionSummary>> QuerySessionsAsync(SessionQuery query,
        CancellationToken cancellationToken)
    {
        var sessions = new List<(string Session, CostFigures Figures, long FirstSeen, long LastSeen)>();
        if (query.Segments.Count == 0 || query.Limit <= 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using (var command = Command(connection, null, ""))
        {
            var filter = AgentFilterSql(command, query.Agent);
            var source = SegmentsSql(command, query.Segments, "llm_rollups",
                $"session, {FigureColumns}, first_seen, last_seen", filter);
            var order = query.Sort switch
            {
                SessionSort.Calls => "SUM(calls)",
                SessionSort.Tokens => "SUM(input_tokens) + SUM(output_tokens)",
                SessionSort.LastSeen => "MAX(last_seen)",
                _ => MoneyOrderSql(MoneySumSql("cost_usd")),
            };
            command.CommandText = $"SELECT session, {FigureSumsSql}, MIN(first_seen), MAX(last_seen) FROM ({source}) r " +
                                  $"GROUP BY session ORDER BY {order} DESC, session LIMIT @limit";
            Add(command, "limit", query.Limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sessions.Add((reader.GetString(0), ReadFigures(reader, 1), reader.GetInt64(9), reader.GetInt64(10)));
            }
        }

        if (sessions.Count == 0)
        {
            return [];
        }

        var agents = await ReadSessionAgentsAsync(connection, query, sessions.Select(s => s.Session).ToList(),
            cancellationToken);
        return sessions.Select(s => new SessionSummary(s.Session,
                agents.TryGetValue(s.Session, out var names) ? names.Order(StringComparer.Ordinal).ToList() : [],
                s.Figures, s.FirstSeen, s.LastSeen))
            .ToList();
    }

    public async Task<SessionDetail?> GetSessionAsync(string session, CancellationToken cancellationToken)
    {
        if (session.Length == 0)
        {
            return null;
        }

        // Every record is in its day bucket too, and day buckets are kept longest: they hold the whole session.
        var calls = new List<(string Agent, string Model, string Provider, CostFigures Figures, long FirstSeen, long LastSeen)>();
        var runs = new List<SessionRuns>();
        await using var connection = await OpenAsync(cancellationToken);
        await using (var command = Command(connection, null,
                         $"SELECT agent, model, provider, {FigureSumsSql}, MIN(first_seen), MAX(last_seen) FROM llm_rollups " +
                         $"WHERE resolution = {(int)RollupResolution.Day} AND session = @session AND session <> '' " +
                         "GROUP BY agent, model, provider"))
        {
            Add(command, "session", session);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                calls.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), ReadFigures(reader, 3),
                    reader.GetInt64(11), reader.GetInt64(12)));
            }
        }

        await using (var command = Command(connection, null,
                         "SELECT agent, CAST(SUM(runs) AS bigint), CAST(SUM(failed_runs) AS bigint), " +
                         "CAST(SUM(iterations) AS bigint), CAST(SUM(duration_us) AS bigint), MIN(first_seen), MAX(last_seen) " +
                         $"FROM run_rollups WHERE resolution = {(int)RollupResolution.Day} AND session = @session " +
                         "AND session <> '' GROUP BY agent"))
        {
            Add(command, "session", session);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                runs.Add(new SessionRuns(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }

        if (calls.Count == 0 && runs.Count == 0)
        {
            return null;
        }

        var agents = calls.GroupBy(c => c.Agent, StringComparer.Ordinal)
            .Select(g => new SessionAgentUsage(g.Key, CostFigures.Sum(g.Select(c => c.Figures)),
                g.Min(c => c.FirstSeen), g.Max(c => c.LastSeen)))
            .OrderByDescending(a => a.Figures.PricedCostUsd).ThenBy(a => a.Agent, StringComparer.Ordinal)
            .ToList();
        var models = calls.GroupBy(c => (c.Model, c.Provider))
            .Select(g => new SessionModelUsage(g.Key.Model, g.Key.Provider, CostFigures.Sum(g.Select(c => c.Figures))))
            .OrderByDescending(m => m.Figures.PricedCostUsd).ThenBy(m => m.Model, StringComparer.Ordinal)
            .ThenBy(m => m.Provider, StringComparer.Ordinal)
            .ToList();
        runs.Sort((a, b) => string.CompareOrdinal(a.Agent, b.Agent));
        var firstSeen = calls.Select(c => c.FirstSeen).Concat(runs.Select(r => r.FirstSeen)).Min();
        var lastSeen = calls.Select(c => c.LastSeen).Concat(runs.Select(r => r.LastSeen)).Max();
        return new SessionDetail(session, CostFigures.Sum(calls.Select(c => c.Figures)), agents, models, runs,
            firstSeen, lastSeen);
    }

    /// <summary>The dialect's exact sum of a money column (NULL over no rows).</summary>
    protected abstract string MoneySumSql(string column);

    /// <summary>The negation of a money expression (the dialect's exact sum's type).</summary>
    protected abstract string MoneyNegateSql(string moneyExpression);

    /// <summary>An ORDER BY term that orders a money expression by its value.</summary>
    protected abstract string MoneyOrderSql(string moneyExpression);

    /// <summary>
    /// The text value of a custom dimension in the <c>dimensions</c> JSON column, '' when the row has none; the
    /// dimension is identified by a parameter (never by text concatenated into the SQL).
    /// </summary>
    protected abstract string CustomDimensionSql(string parameter);

    /// <summary>The value of the parameter <see cref="CustomDimensionSql"/> refers to, for dimension <paramref name="name"/>.</summary>
    protected abstract object CustomDimensionKey(string name);

    private string FigureSumsSql =>
        "CAST(SUM(calls) AS bigint), CAST(SUM(input_tokens) AS bigint), CAST(SUM(cache_read_tokens) AS bigint), " +
        "CAST(SUM(cache_write_tokens) AS bigint), CAST(SUM(output_tokens) AS bigint), CAST(SUM(reasoning_tokens) AS bigint), " +
        $"{MoneySumSql("cost_usd")}, CAST(SUM(unpriced_calls) AS bigint)";

    /// <summary>
    /// <see cref="FigureSumsSql"/> named as the columns it sums, for a per-segment aggregate; negated for a segment
    /// taken from the answer (<see cref="QuerySegment.Subtracted"/>).
    /// </summary>
    private string FigureSumsAsColumnsSql(bool subtracted)
    {
        var sign = subtracted ? "-" : "";
        var money = MoneySumSql("cost_usd");
        return $"{sign}SUM(calls) AS calls, {sign}SUM(input_tokens) AS input_tokens, {sign}SUM(cache_read_tokens) AS cache_read_tokens, " +
               $"{sign}SUM(cache_write_tokens) AS cache_write_tokens, {sign}SUM(output_tokens) AS output_tokens, " +
               $"{sign}SUM(reasoning_tokens) AS reasoning_tokens, {(subtracted ? MoneyNegateSql(money) : money)} AS cost_usd, " +
               $"{sign}SUM(unpriced_calls) AS unpriced_calls";
    }

    /// <summary>Reads the eight columns of <see cref="FigureSumsSql"/> starting at <paramref name="ordinal"/>.</summary>
    private CostFigures ReadFigures(DbDataReader reader, int ordinal) => new(
        reader.GetInt64(ordinal),
        reader.GetInt64(ordinal + 1),
        reader.GetInt64(ordinal + 2),
        reader.GetInt64(ordinal + 3),
        reader.GetInt64(ordinal + 4),
        reader.GetInt64(ordinal + 5),
        ReadMoney(reader, ordinal + 6) ?? 0m,
        reader.GetInt64(ordinal + 7));

    /// <summary>One SELECT per segment, joined by UNION ALL; <paramref name="filter"/> is ANDed to each.</summary>
    private static string SegmentsSql(DbCommand command, IReadOnlyList<QuerySegment> segments, string table,
        string columns, string filter) =>
        segments.Any(s => s.Subtracted)
            ? throw new ArgumentException("Only a sum can take subtracted segments.", nameof(segments))
            : SegmentsSql(command, segments, table, _ => columns, filter);

    /// <summary>One SELECT per segment, each with its own columns, joined by UNION ALL; <paramref name="filter"/> is ANDed to each.</summary>
    private static string SegmentsSql(DbCommand command, IReadOnlyList<QuerySegment> segments, string table,
        Func<QuerySegment, string> columnsOf, string filter)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(" UNION ALL ");
            }

            sql.Append(CultureInfo.InvariantCulture,
                $"SELECT {columnsOf(segments[i])} FROM {table} WHERE resolution = {(int)segments[i].Resolution} " +
                $"AND bucket_start >= @from{i} AND bucket_start < @to{i}{filter}");
            Add(command, $"from{i}", segments[i].From);
            Add(command, $"to{i}", segments[i].To);
        }

        return sql.ToString();
    }

    private string FiltersSql(DbCommand command, IReadOnlyList<CostFilter> filters)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < filters.Count; i++)
        {
            var values = new List<string>();
            for (var j = 0; j < filters[i].Values.Count; j++)
            {
                Add(command, $"f{i}v{j}", filters[i].Values[j]);
                values.Add($"@f{i}v{j}");
            }

            sql.Append($" AND {DimensionSql(command, filters[i].Dimension, $"f{i}")} IN ({string.Join(", ", values)})");
        }

        return sql.ToString();
    }

    private static string AgentFilterSql(DbCommand command, string? agent)
    {
        if (agent is null)
        {
            return " AND session <> ''";
        }

        Add(command, "agent", agent);
        return " AND session <> '' AND agent = @agent";
    }

    /// <summary>The SQL of a dimension's value; a custom dimension adds its key as parameter <paramref name="parameter"/>.</summary>
    private string DimensionSql(DbCommand command, QueryDimension dimension, string parameter)
    {
        switch (dimension.Kind)
        {
            case QueryDimensionKind.Agent:
                return "agent";
            case QueryDimensionKind.Session:
                return "session";
            case QueryDimensionKind.Model:
                return "model";
            case QueryDimensionKind.Provider:
                return "provider";
            case QueryDimensionKind.Service:
                return "service";
            case QueryDimensionKind.User:
                return "user_id";
            default:
                Add(command, parameter, CustomDimensionKey(dimension.Name));
                return CustomDimensionSql("@" + parameter);
        }
    }

    private async Task<Dictionary<string, List<string>>> ReadSessionAgentsAsync(DbConnection connection,
        SessionQuery query, List<string> sessions, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, "");
        var names = new List<string>();
        for (var i = 0; i < sessions.Count; i++)
        {
            Add(command, $"s{i}", sessions[i]);
            names.Add($"@s{i}");
        }

        var filter = AgentFilterSql(command, query.Agent) + $" AND session IN ({string.Join(", ", names)})";
        command.CommandText =
            $"SELECT DISTINCT session, agent FROM ({SegmentsSql(command, query.Segments, "llm_rollups", "session, agent", filter)}) r";
        var agents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var session = reader.GetString(0);
            if (!agents.TryGetValue(session, out var list))
            {
                list = [];
                agents[session] = list;
            }

            list.Add(reader.GetString(1));
        }

        return agents;
    }
}
