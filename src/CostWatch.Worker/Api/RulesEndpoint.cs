using System.Text.Json;
using CostWatch.Core.Alerting.Rules;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/rules</c>: each rule in force with its kind and severity, and its health (<c>ok</c>, <c>bad</c>,
/// <c>unknown</c>), last evaluation, its duration and the last error, from <c>alert_rule_health</c>.
/// </summary>
internal static class RulesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, IAlertQueryStore store, IAlertRulesSource source,
        StoreReadiness readiness, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        CostsEndpoint.EnsureReady(readiness);
        // The rules in force, in file order, then the built-in one, each with its health ('unknown' until its first
        // evaluation); then health rows of rules no longer in force, so their last state stays visible.
        var health = (await store.ListRuleHealthAsync(cancellationToken)).ToDictionary(h => h.Rule, StringComparer.Ordinal);
        var ruleSet = source.Current;
        var inForce = ruleSet.Rules.Select(r => (r.Name, AlertRuleKinds.FileName(r.Kind), r.Severity))
            .Append((BuiltInAlertRules.EvaluationFailing.Name, "built_in", BuiltInAlertRules.EvaluationFailing.Severity))
            .ToList();
        var rules = inForce
            .Select(r => (Health: health.GetValueOrDefault(r.Name) ?? new RuleHealthRow(r.Name, "unknown", null, null, null, 0),
                Kind: (string?)r.Item2, Severity: (string?)r.Severity))
            .Concat(health.Values.Where(h => !inForce.Any(r => r.Name == h.Rule)).OrderBy(h => h.Rule, StringComparer.Ordinal)
                .Select(h => (Health: h, Kind: (string?)null, Severity: (string?)null)))
            .ToList();
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rules");
            foreach (var (rule, kind, severity) in rules)
            {
                writer.WriteStartObject();
                WriteRule(writer, rule);
                writer.WriteString("kind", kind);
                writer.WriteString("severity", severity);
                writer.WriteBoolean("inForce", kind is not null);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            // Where the rules come from, and why an edit of the file is not in force (the previous rules are).
            writer.WriteStartObject("rulesFile");
            writer.WriteString("source", ruleSet.Source);
            writer.WriteString("lastError", source.LastError);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>The properties of one rule from its health row.</summary>
    internal static void WriteRule(Utf8JsonWriter writer, RuleHealthRow rule)
    {
        writer.WriteString("name", rule.Rule);
        writer.WriteString("health", rule.Health);
        if (rule.LastEvaluation is { } last)
        {
            writer.WriteString("lastEvaluation", Rfc3339.FormatUnixMicros(last));
        }
        else
        {
            writer.WriteNull("lastEvaluation");
        }

        // Microseconds as seconds, exactly: a decimal with six places at most.
        CostJson.WriteMoney(writer, "evaluationDurationSeconds", rule.EvaluationMicros / 1_000_000m);
        if (rule.LastError is { } error)
        {
            writer.WriteString("lastError", error);
        }
        else
        {
            writer.WriteNull("lastError");
        }
    }
}
