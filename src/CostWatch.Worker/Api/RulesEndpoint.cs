using System.Text.Json;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/rules</c>: each rule's health (<c>ok</c>, <c>bad</c>, <c>unknown</c>), last evaluation, its
/// duration and the last error, from <c>alert_rule_health</c>.
/// </summary>
internal static class RulesEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, IAlertQueryStore store, StoreReadiness readiness,
        CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        CostsEndpoint.EnsureReady(readiness);
        // The seam for the rule definitions: today a rule is listed once the engine has written its health row.
        // Merging in the rules in force (kind, severity, for, ...; health 'unknown' before a first evaluation)
        // belongs here, as extra properties written by WriteRule.
        var rules = await store.ListRuleHealthAsync(cancellationToken);
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                writer.WriteStartObject();
                WriteRule(writer, rule);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
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
