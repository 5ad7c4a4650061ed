using System.Text.Json.Nodes;
using CostWatch.Otlp.Proto;
using Google.Protobuf;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// OTLP/JSON for a request built with the generated classes. OTLP/JSON is the protobuf JSON mapping except that
/// trace and span ids are hex rather than base64, so the ids are rewritten after formatting.
/// </summary>
internal static class OtlpJsonText
{
    private static readonly string[] IdFields = ["traceId", "spanId", "parentSpanId"];

    public static string From(ExportTraceServiceRequest request)
    {
        var json = JsonNode.Parse(JsonFormatter.Default.Format(request))!;
        foreach (var span in json["resourceSpans"]!.AsArray().SelectMany(r => r!["scopeSpans"]!.AsArray())
                     .SelectMany(s => s!["spans"]!.AsArray()))
        {
            foreach (var field in IdFields)
            {
                if (span![field] is { } id)
                {
                    span[field] = Convert.ToHexStringLower(Convert.FromBase64String(id.GetValue<string>()));
                }
            }
        }

        return json.ToJsonString();
    }
}
