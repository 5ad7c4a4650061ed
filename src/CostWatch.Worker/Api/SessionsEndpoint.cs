using System.Text.Json;
using CostWatch.Storage.Costs;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/sessions</c>: the costliest sessions of a range (JSON, or CSV on request);
/// <c>GET /api/v1/sessions/{id}</c>: one session's agents, models, runs and totals, 404 when unknown.
/// </summary>
internal static class SessionsEndpoint
{
    public static async Task<IResult> ListAsync(HttpRequest request, CostRequestParser parser, ICostQueryStore store,
        StoreReadiness readiness, CancellationToken cancellationToken)
    {
        var query = request.Query;
        QueryParameters.RejectUnknown(query, "from", "to", "agent", "sort", "limit");
        var (plan, sessionQuery) = parser.ParseSessions(QueryParameters.Single(query, "from"),
            QueryParameters.Single(query, "to"), QueryParameters.Single(query, "agent"),
            QueryParameters.Single(query, "sort"), QueryParameters.Single(query, "limit"));
        CostsEndpoint.EnsureReady(readiness);
        var sessions = await store.QuerySessionsAsync(sessionQuery, cancellationToken);
        if (CsvBodyResult.IsAccepted(request))
        {
            return new CsvBodyResult(
                ["session", "agents", .. CostJson.FigureNames, "firstSeen", "lastSeen"],
                sessions.Select(s => (IReadOnlyList<string>)
                [
                    s.Session, string.Join(' ', s.Agents), .. CostJson.FigureFields(s.Figures),
                    Rfc3339.FormatUnixMicros(s.FirstSeen), Rfc3339.FormatUnixMicros(s.LastSeen),
                ]));
        }

        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("from", Rfc3339.Format(plan.From));
            writer.WriteString("to", Rfc3339.Format(plan.To));
            if (sessionQuery.Agent is { } agent)
            {
                writer.WriteString("agent", agent);
            }

            writer.WriteString("sort", SortName(sessionQuery.Sort));
            writer.WriteNumber("limit", sessionQuery.Limit);
            writer.WriteString("currency", Money.Currency);
            writer.WriteStartArray("sessions");
            foreach (var session in sessions)
            {
                writer.WriteStartObject();
                writer.WriteString("session", session.Session);
                WriteStrings(writer, "agents", session.Agents);
                CostJson.WriteFigures(writer, session.Figures);
                WriteSeen(writer, session.FirstSeen, session.LastSeen);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task<IResult> GetAsync(string id, HttpRequest request, ICostQueryStore store,
        StoreReadiness readiness, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        CostsEndpoint.EnsureReady(readiness);
        var detail = await store.GetSessionAsync(id, cancellationToken);
        if (detail is null)
        {
            return ApiErrors.NotFound($"no session '{id}' in the rollups (sessions are kept as long as the day rollups)");
        }

        return new JsonBodyResult(writer => WriteDetail(writer, detail));
    }

    private static void WriteDetail(Utf8JsonWriter writer, SessionDetail detail)
    {
        writer.WriteStartObject();
        writer.WriteString("session", detail.Session);
        WriteSeen(writer, detail.FirstSeen, detail.LastSeen);
        writer.WriteString("currency", Money.Currency);
        writer.WriteStartObject("total");
        CostJson.WriteFigures(writer, detail.Figures);
        writer.WriteEndObject();
        writer.WriteStartArray("agents");
        foreach (var agent in detail.Agents)
        {
            writer.WriteStartObject();
            writer.WriteString("agent", agent.Agent);
            CostJson.WriteFigures(writer, agent.Figures);
            WriteSeen(writer, agent.FirstSeen, agent.LastSeen);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("models");
        foreach (var model in detail.Models)
        {
            writer.WriteStartObject();
            CostJson.WriteKey(writer, "model", model.Model);
            CostJson.WriteKey(writer, "provider", model.Provider);
            CostJson.WriteFigures(writer, model.Figures);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("runs");
        foreach (var runs in detail.Runs)
        {
            writer.WriteStartObject();
            writer.WriteString("agent", runs.Agent);
            writer.WriteNumber("runs", runs.Runs);
            writer.WriteNumber("failedRuns", runs.FailedRuns);
            writer.WriteNumber("iterations", runs.Iterations);
            // Microseconds as seconds, exactly: a decimal with six places at most.
            writer.WriteNumber("durationSeconds", Money.Normalize(runs.DurationMicros / 1_000_000m));
            WriteSeen(writer, runs.FirstSeen, runs.LastSeen);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSeen(Utf8JsonWriter writer, long firstSeen, long lastSeen)
    {
        writer.WriteString("firstSeen", Rfc3339.FormatUnixMicros(firstSeen));
        writer.WriteString("lastSeen", Rfc3339.FormatUnixMicros(lastSeen));
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string SortName(SessionSort sort) => sort switch
    {
        SessionSort.Calls => "calls",
        SessionSort.Tokens => "tokens",
        SessionSort.LastSeen => "lastSeen",
        _ => "cost",
    };
}
