using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CostWatch.Worker.Tests.DemoStack;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>
/// The dashboards as files: identities, datasource references, metric names, descriptions and units, links,
/// variables, and the alert thresholds drawn on the Agent health panels.
/// </summary>
public sealed partial class DashboardFileTests
{
    /// <summary>Each production rule, the Agent health panel that draws its threshold, and the threshold (issue 4).</summary>
    public static TheoryData<string, string, double, string> RuleThresholds => new()
    {
        { "HighAgentLoopIterations", "Runs with more than 8 iterations", 0.01, "> 0.01" },
        { "ToolCallFailureSpike", "Tool-call success rate", 0.90, "< 0.90" },
        { "TokenBudgetExceeded", "Context-window utilisation by model", 0.90, "le=\"0.9\"" },
        { "AgentRunLatencyP99", "Agent run latency p99", 30, "> 30" },
        { "TraceLoss", "Time since last span", 300, "> 300" },
    };

    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = GrafanaDashboard.LoadAll();

    [Fact]
    public void Dashboards_AreTheThreeOfTheIssue_WithUniqueUidsAndTitles()
    {
        Assert.Equal(["CostWatch / Agent health", "CostWatch / Alerts and pipeline", "CostWatch / Cost"],
            Dashboards.Select(d => d.Title).Order(StringComparer.Ordinal));
        Assert.Equal(Dashboards.Count, Dashboards.Select(d => d.Uid).Distinct().Count());
        Assert.All(Dashboards, d => Assert.Matches("^[a-z0-9-]{1,40}$", d.Uid));
        Assert.All(Dashboards, d => Assert.Equal(d.Panels.Count(), d.Panels.Select(p => (int)p["id"]!).Distinct().Count()));
    }

    [Fact]
    public void EveryDatasourceReference_ResolvesToAProvisionedDatasource()
    {
        var provisioned = YamlFile.Parse(RepositoryFiles.Read("dashboards/provisioning/datasources/costwatch.yml"))
            .Mappings("datasources")
            .ToDictionary(d => d.Scalar("uid")!, d => d.Scalar("type")!);
        Assert.Equal(["costwatch-postgres", "costwatch-prometheus"], provisioned.Keys.Order(StringComparer.Ordinal));

        foreach (var dashboard in Dashboards)
        {
            // A datasource variable stands for a datasource of its plugin type; its default must be provisioned.
            var variables = dashboard.Variables.Where(v => (string?)v["type"] == "datasource")
                .ToDictionary(v => (string)v["name"]!, v => ((string)v["query"]!, (string)v["current"]!["value"]!));
            Assert.All(variables.Values, v => Assert.Equal(v.Item1, provisioned.GetValueOrDefault(v.Item2)));

            var references = dashboard.DatasourceReferences().ToList();
            Assert.NotEmpty(references);
            foreach (var (where, reference) in references)
            {
                var type = (string?)reference["type"];
                var uid = (string?)reference["uid"] ?? throw new Xunit.Sdk.XunitException($"{where}: datasource without uid");
                var resolvedType = VariableReference().Match(uid) is { Success: true } variable
                    ? variables.TryGetValue(variable.Groups[1].Value, out var v) ? v.Item1 : null
                    : provisioned.GetValueOrDefault(uid);
                Assert.True(resolvedType is not null && resolvedType == type,
                    $"{where}: datasource {{type: {type}, uid: {uid}}} is not a provisioned datasource nor a datasource variable of that type");
            }
        }
    }

    [Fact]
    public void EveryQueriedMetric_IsOneCostWatchExports()
    {
        var documented = ExportedMetrics.Documented();
        Assert.Contains("costwatch_cost_usd_total", documented.Keys);
        var exported = ExportedMetrics.SeriesNames(documented);

        foreach (var query in Dashboards.SelectMany(d => d.Queries).Where(q => !q.IsSql))
        {
            var metrics = MetricsOf(query);
            Assert.True(metrics.Count > 0, $"{query}: no metric found in {query.Text}");
            Assert.All(metrics, metric => Assert.True(exported.Contains(metric),
                $"{query}: {metric} is not a series CostWatch exports (docs/metrics.md)"));
        }
    }

    [Fact]
    public void PrometheusQueries_NeverFilterOrGroupBySession()
    {
        Assert.All(Dashboards.SelectMany(d => d.Queries).Where(q => !q.IsSql),
            query => Assert.DoesNotContain("session", query.Text, StringComparison.OrdinalIgnoreCase));
        // Sessions come from PostgreSQL instead.
        Assert.Contains(Dashboards.SelectMany(d => d.Queries), q => q.IsSql && q.Text.Contains("GROUP BY session", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryPanel_HasADescription_AndEveryChartAUnit()
    {
        foreach (var dashboard in Dashboards)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Json["description"]), $"{dashboard.Title}: no description");
            foreach (var panel in dashboard.Panels)
            {
                var title = $"{dashboard.Title} / {panel["title"]}";
                Assert.False(string.IsNullOrWhiteSpace((string?)panel["description"]), $"{title}: no description");
                if ((string?)panel["type"] != "table")
                {
                    Assert.False(string.IsNullOrWhiteSpace((string?)panel["fieldConfig"]?["defaults"]?["unit"]), $"{title}: no unit");
                }
            }
        }

        var units = Dashboards.SelectMany(d => d.Panels).Select(p => (string?)p["fieldConfig"]?["defaults"]?["unit"]).ToHashSet();
        Assert.Superset(new HashSet<string?> { "currencyUSD", "suffix: tokens", "s", "percentunit" }, units);
    }

    [Fact]
    public void Dashboards_LinkToEachOther_AndOfferTheTemplateVariables()
    {
        foreach (var dashboard in Dashboards)
        {
            Assert.Contains("costwatch", dashboard.Json["tags"]!.AsArray().Select(t => (string?)t));
            var link = Assert.Single(dashboard.Json["links"]!.AsArray(), l => (string?)l!["type"] == "dashboards")!;
            Assert.Contains("costwatch", link["tags"]!.AsArray().Select(t => (string?)t));
            Assert.True((bool)link["includeVars"]! && (bool)link["keepTime"]!, $"{dashboard.Title}: the link keeps neither variables nor time");

            var names = dashboard.Variables.Select(v => (string)v["name"]!).ToList();
            Assert.Superset(new HashSet<string> { "datasource", "postgres", "environment", "agent" }, names.ToHashSet());
            if (dashboard.Uid != "costwatch-alerts")
            {
                Assert.Contains("model", names);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleThresholds))]
    public void AgentHealthPanel_DrawsTheThresholdOfItsRule(string rule, string panelTitle, double threshold, string prometheusCondition)
    {
        var panel = Assert.Single(Dashboards.Single(d => d.Uid == "costwatch-agent-health").Panels, p => (string?)p["title"] == panelTitle);
        var defaults = panel["fieldConfig"]!["defaults"]!;
        var steps = defaults["thresholds"]!["steps"]!.AsArray().Select(step => (double?)step!["value"]).ToList();
        Assert.Contains(threshold, steps);
        Assert.Equal("line+area", (string?)defaults["custom"]!["thresholdsStyle"]!["mode"]);
        Assert.Contains(rule, (string)panel["description"]!, StringComparison.Ordinal);

        // The Prometheus rule of the same name uses the same threshold.
        var prometheusRule = Assert.Single(
            YamlFile.Parse(RepositoryFiles.Read("alert-rules/prometheus/costwatch.rules.yml")).Mappings("groups")
                .SelectMany(group => group.Mappings("rules")),
            r => r.Scalar("alert") == rule);
        Assert.Contains(prometheusCondition, prometheusRule.Scalar("expr"), StringComparison.Ordinal);

        // And so does CostWatch's own rules file, once the alert engine ships it.
        var rulesFile = RepositoryFiles.PathOf("alert-rules/costwatch-rules.yaml");
        if (File.Exists(rulesFile))
        {
            var engineRule = Assert.Single(YamlFile.Parse(File.ReadAllText(rulesFile)).Mappings("rules"), r => r.Scalar("name") == rule);
            Assert.Equal(threshold, ThresholdValue(engineRule.Scalar("threshold")!));
        }
    }

    private static IReadOnlySet<string> MetricsOf(DashboardQuery query)
    {
        if (query.Panel.StartsWith("variable ", StringComparison.Ordinal))
        {
            var labelValues = LabelValues().Match(query.Text);
            Assert.True(labelValues.Success, $"{query}: a variable query other than label_values(selector, label): {query.Text}");
            return PromQlMetricNames.Of(labelValues.Groups["selector"].Value);
        }

        return PromQlMetricNames.Of(query.Text);
    }

    /// <summary>A threshold of the rules file: a number, or a duration in seconds (<c>30s</c>, <c>5m</c>).</summary>
    private static double ThresholdValue(string text) => text[^1] switch
    {
        's' when text.EndsWith("ms", StringComparison.Ordinal) => double.Parse(text[..^2], CultureInfo.InvariantCulture) / 1000,
        's' => double.Parse(text[..^1], CultureInfo.InvariantCulture),
        'm' => double.Parse(text[..^1], CultureInfo.InvariantCulture) * 60,
        'h' => double.Parse(text[..^1], CultureInfo.InvariantCulture) * 3600,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^\$\{?(\w+)\}?$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    internal static partial Regex LabelValues();
}
