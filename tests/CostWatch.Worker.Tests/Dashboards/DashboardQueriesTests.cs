using System.Globalization;
using System.Text.Json;
using CostWatch.TestSupport;
using CostWatch.Worker.Tests.Hosting;
using Npgsql;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// Every query of every dashboard, run as Grafana would run it against the demo stack fed by the simulator:
/// PromQL through Prometheus' HTTP API, SQL as Grafana's read-only PostgreSQL role. Each must answer without an
/// error and with data.
/// </summary>
public sealed class DashboardQueriesTests(DemoStackFixture stack) : IClassFixture<DemoStackFixture>
{
    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = GrafanaDashboard.LoadAll();

    [PostgresPrometheusFact]
    public async Task EveryPromQlQuery_ReturnsDataFromTheSimulatedFleet()
    {
        var failures = new List<string>();
        var checkedQueries = 0;
        foreach (var query in Dashboards.SelectMany(d => d.Queries).Where(q => !q.IsSql))
        {
            var labelValues = DashboardFileTests.LabelValues().Match(query.Text);
            var promql = DashboardTemplate.PromQl(labelValues.Success ? labelValues.Groups["selector"].Value : query.Text);
            int results;
            try
            {
                results = labelValues.Success
                    ? await LabelValueCountAsync(promql, labelValues.Groups["label"].Value)
                    : FiniteResults(await stack.Prometheus.QueryAsync(promql));
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{query}: {e.Message}");
                continue;
            }

            checkedQueries++;
            if (results == 0)
            {
                failures.Add($"{query}: no data for {promql}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedQueries > 40, $"only {checkedQueries} PromQL queries found");
    }

    [PostgresPrometheusFact]
    public async Task EverySqlQuery_RunsAsGrafanasReadOnlyRole_AndReturnsRows()
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var from = to.AddHours(-1);
        var failures = new List<string>();
        var queries = Dashboards.SelectMany(d => d.Queries).Where(q => q.IsSql).ToList();
        await using var connection = new NpgsqlConnection(stack.Reader.ConnectionString);
        await connection.OpenAsync();
        foreach (var query in queries)
        {
            var sql = DashboardTemplate.Sql(query.Text, from, to);
            await using var command = new NpgsqlCommand(sql, connection);
            var rows = 0;
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows++;
                }
            }
            catch (PostgresException e)
            {
                failures.Add($"{query}: {e.SqlState} {e.MessageText}\n{sql}");
                continue;
            }

            if (rows == 0)
            {
                failures.Add($"{query}: no rows\n{sql}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(queries.Count >= 5, $"only {queries.Count} SQL queries found");
    }

    [PostgresPrometheusFact]
    public async Task GrafanasRole_ReadsButCannotWrite()
    {
        await using var connection = new NpgsqlConnection(stack.Reader.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM llm_rollups", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [PostgresPrometheusFact]
    public void EveryQueriedMetric_IsInAScrapeOfTheWorker()
    {
        var scraped = stack.Scrape.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var queried = Dashboards.SelectMany(d => d.Queries).Where(q => !q.IsSql)
            .SelectMany(q => PromQlMetricNames.Of(DashboardFileTests.LabelValues().Match(q.Text) is { Success: true } m ? m.Groups["selector"].Value : q.Text))
            .ToHashSet(StringComparer.Ordinal);

        var missing = queried.Where(metric => !scraped.Contains(metric)).ToList();
        Assert.True(missing.Count == 0, $"queried but not exported: {string.Join(", ", missing)}");
    }

    [PostgresPrometheusFact]
    public async Task PrometheusRules_EvaluateOnTheWorkersSeries_AndSteadyTrafficFiresNone()
    {
        var rules = await Eventually.GetAsync(
            async () => (await stack.Prometheus.GetAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray()
                .SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToList(),
            list => list.Count > 0 && list.All(rule => rule.GetProperty("lastEvaluation").GetString() is { } at && !at.StartsWith("0001", StringComparison.Ordinal)),
            "every Prometheus rule to be evaluated");

        Assert.Equal(
            ["AgentRunLatencyP99", "CostBudgetExceeded", "CostBudgetForecast", "CostBudgetWarning", "HighAgentLoopIterations",
                "TokenBudgetExceeded", "ToolCallFailureSpike", "TraceLoss"],
            rules.Select(rule => rule.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rules, rule => Assert.True(rule.GetProperty("health").GetString() == "ok",
            $"{rule.GetProperty("name")}: {rule}"));
        var alerts = (await stack.Prometheus.GetAsync("/api/v1/alerts")).GetProperty("alerts");
        Assert.True(alerts.GetArrayLength() == 0, $"steady traffic raised Prometheus alerts: {alerts}");
    }

    /// <summary>Samples of an instant query's answer with a finite value (a vector, or a scalar).</summary>
    private static int FiniteResults(JsonElement data)
    {
        var result = data.GetProperty("result");
        var values = data.GetProperty("resultType").GetString() == "scalar"
            ? [result[1].GetString()!]
            : result.EnumerateArray().Select(sample => sample.GetProperty("value")[1].GetString()!).ToList();
        return values.Count(value => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number));
    }

    /// <summary>What Grafana's label_values(selector, label) lists: the label's values over the selector's series.</summary>
    private async Task<int> LabelValueCountAsync(string selector, string label)
    {
        var series = await stack.Prometheus.GetAsync($"/api/v1/series?match[]={Uri.EscapeDataString(selector)}");
        return series.EnumerateArray()
            .Select(s => s.TryGetProperty(label, out var value) ? value.GetString() : null)
            .Where(value => !string.IsNullOrEmpty(value))
            .Distinct()
            .Count();
    }
}
