using System.Text.Json;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Ingest;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/costs?from=&amp;to=&amp;groupBy=&amp;step=&amp;&lt;dimension&gt;=</c>: LLM usage and cost per group (and
/// step bucket), with the exact total; CSV when the request accepts <c>text/csv</c>.
/// </summary>
internal static class CostsEndpoint
{
    private static readonly string[] Parameters = ["from", "to", "groupBy", "step"];

    public static async Task<IResult> HandleAsync(HttpRequest request, CostRequestParser parser, CostReporter reporter,
        StoreReadiness readiness, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var spec = parser.ParseCosts(new CostRequest
        {
            From = QueryParameters.Single(query, "from"),
            To = QueryParameters.Single(query, "to"),
            GroupBy = [.. query["groupBy"].OfType<string>()],
            Step = QueryParameters.Single(query, "step"),
            Filters = [.. query.Where(p => !Parameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
                .SelectMany(p => p.Value.OfType<string>().Select(v => KeyValuePair.Create(p.Key, v)))],
        });
        EnsureReady(readiness);
        var report = await reporter.RunAsync(spec, cancellationToken);
        return CsvBodyResult.IsAccepted(request) ? Csv(report) : new JsonBodyResult(writer => WriteJson(writer, report));
    }

    /// <exception cref="StoreUnavailableException">The schema is not migrated yet (the store was unreachable at start-up).</exception>
    internal static void EnsureReady(StoreReadiness readiness)
    {
        if (!readiness.SchemaReady)
        {
            throw new StoreUnavailableException("the store's schema has not been migrated yet (is the database reachable?)");
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, CostReport report)
    {
        var spec = report.Spec;
        writer.WriteStartObject();
        writer.WriteString("from", Rfc3339.Format(spec.Plan.From));
        writer.WriteString("to", Rfc3339.Format(spec.Plan.To));
        writer.WriteStartArray("groupBy");
        foreach (var dimension in spec.GroupBy)
        {
            writer.WriteStringValue(dimension.Name);
        }

        writer.WriteEndArray();
        if (spec.Step is { } step)
        {
            writer.WriteString("step", CostStep.Label(step));
        }
        else
        {
            writer.WriteNull("step");
        }

        writer.WriteString("currency", Money.Currency);
        writer.WriteStartArray("rows");
        foreach (var row in report.Rows)
        {
            writer.WriteStartObject();
            for (var i = 0; i < spec.GroupBy.Count; i++)
            {
                CostJson.WriteKey(writer, spec.GroupBy[i].Name, row.Keys[i]);
            }

            if (row.BucketStart is { } bucket)
            {
                writer.WriteString("bucketStart", Rfc3339.FormatUnixSeconds(bucket));
            }

            CostJson.WriteFigures(writer, row.Figures);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("total");
        CostJson.WriteFigures(writer, report.Total);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static CsvBodyResult Csv(CostReport report)
    {
        var spec = report.Spec;
        var header = spec.GroupBy.Select(d => d.Name)
            .Concat(spec.Step is null ? [] : ["bucketStart"])
            .Concat(CostJson.FigureNames)
            .ToList();
        var rows = report.Rows.Select(row => (IReadOnlyList<string>)row.Keys
            .Concat(row.BucketStart is { } bucket ? [Rfc3339.FormatUnixSeconds(bucket)] : [])
            .Concat(CostJson.FigureFields(row.Figures))
            .ToList());
        return new CsvBodyResult(header, rows);
    }
}
