using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Rollups;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>POST /api/v1/reprice?from=...&amp;to=...[&amp;dryRun=true]</c>: prices the calls that started in [from, to)
/// again with the catalog in force and corrects the rollups (the <c>reprice</c> command over HTTP). Both bounds
/// are required: a re-pricing changes stored costs, so it never runs on a default range.
/// </summary>
internal static class RepriceEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Repricer repricer, CancellationToken cancellationToken)
    {
        var query = request.Query;
        QueryParameters.RejectUnknown(query, "from", "to", "dryRun");
        var from = RequiredTime(query, "from");
        var to = RequiredTime(query, "to");
        if (from >= to)
        {
            throw new QueryParameterException("from", $"from ({Rfc3339.Format(from)}) must be before to ({Rfc3339.Format(to)})");
        }

        var dryRun = QueryParameters.Single(query, "dryRun") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new QueryParameterException("dryRun", $"dryRun must be true or false, was '{other}'"),
        };
        var report = await repricer.RunAsync(from.UtcDateTime, to.UtcDateTime, dryRun, cancellationToken);
        return new JsonBodyResult(writer => Write(writer, report));
    }

    private static DateTimeOffset RequiredTime(IQueryCollection query, string name)
    {
        var text = QueryParameters.Single(query, name);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new QueryParameterException(name, $"{name} is required, an RFC 3339 time such as {Rfc3339.Example}");
        }

        return Rfc3339.TryParse(text, out var time)
            ? time
            : throw new QueryParameterException(name, $"{name} '{text}' is not an RFC 3339 time such as {Rfc3339.Example}");
    }

    private static void Write(Utf8JsonWriter writer, RepriceReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("from", Rfc3339.Format(new DateTimeOffset(report.From)));
        writer.WriteString("to", Rfc3339.Format(new DateTimeOffset(report.To)));
        writer.WriteBoolean("dryRun", report.DryRun);
        writer.WriteString("currency", Money.Currency);
        writer.WriteStartArray("models");
        foreach (var model in report.Models)
        {
            writer.WriteStartObject();
            writer.WriteString("model", model.Model);
            WriteChange(writer, model.Calls, model.ChangedCalls, model.CostBefore, model.CostAfter, model.UnpricedBefore,
                model.UnpricedAfter);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("total");
        WriteChange(writer, report.Calls, report.ChangedCalls, report.CostBefore, report.CostAfter,
            report.Models.Sum(m => m.UnpricedBefore), report.Models.Sum(m => m.UnpricedAfter));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteChange(Utf8JsonWriter writer, long calls, long changed, decimal before, decimal after,
        long unpricedBefore, long unpricedAfter)
    {
        writer.WriteNumber("calls", calls);
        writer.WriteNumber("changedCalls", changed);
        writer.WriteNumber("costUsdBefore", Money.Normalize(before));
        writer.WriteNumber("costUsdAfter", Money.Normalize(after));
        writer.WriteNumber("unpricedCallsBefore", unpricedBefore);
        writer.WriteNumber("unpricedCallsAfter", unpricedAfter);
    }
}
