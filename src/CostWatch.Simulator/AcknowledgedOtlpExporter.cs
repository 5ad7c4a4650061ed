using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace CostWatch.Simulator;

/// <summary>
/// The SDK's OTLP exporter, counting the spans each export carried and whether CostWatch acknowledged them. A
/// subclass rather than a wrapper: the SDK hands the exporter its provider, from which it reads the resource.
/// </summary>
internal sealed class AcknowledgedOtlpExporter(OtlpExporterOptions options, ExportCounters counters) : OtlpTraceExporter(options)
{
    public override ExportResult Export(in Batch<Activity> activityBatch)
    {
        var spans = activityBatch.Count;
        var result = base.Export(activityBatch);
        counters.Exported(spans, result == ExportResult.Success);
        return result;
    }
}
