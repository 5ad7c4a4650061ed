using System.Diagnostics;
using CostWatch.Core.Ingest;
using CostWatch.Core.Pricing;
using CostWatch.Core.Telemetry;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Ingest.Otlp;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;
using CostWatch.Worker.Storage;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest;

/// <summary>
/// Decodes an export, normalises its spans and waits until its records are committed: an export is only
/// acknowledged once it is durable. Shared by OTLP/HTTP and OTLP/gRPC.
/// </summary>
internal sealed class OtlpIngestService(
    IngestQueue queue,
    StoreReadiness readiness,
    TimeProvider time,
    IPriceCatalogSource prices,
    IOptions<CostsOptions> costs,
    CostWatchMetrics metrics,
    ILogger<OtlpIngestService> logger)
{
    private readonly IngestLimits _limits = new();
    private readonly CostDimensions? _dimensions = CostDimensions.From(costs.Value.Dimensions);

    public async Task<IngestResult> IngestAsync(ReadOnlyMemory<byte> body, OtlpEncoding encoding, string transport)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await IngestCoreAsync(body, encoding);
        metrics.IngestExportDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("transport", transport));
        return result;
    }

    private async Task<IngestResult> IngestCoreAsync(ReadOnlyMemory<byte> body, OtlpEncoding encoding)
    {
        if (!readiness.SchemaReady)
        {
            return Refuse(IngestResult.Unavailable("the store is not ready yet (schema migration pending); retry later"));
        }

        var normalizer = new SpanNormalizer(_limits, time.GetUtcNow().UtcDateTime, _dimensions);
        try
        {
            if (encoding == OtlpEncoding.Json)
            {
                OtlpJsonDecoder.Decode(body.Span, normalizer);
            }
            else
            {
                OtlpProtobufDecoder.Decode(body.Span, normalizer);
            }
        }
        catch (OtlpFormatException e)
        {
            return Refuse(IngestResult.BadRequest($"the export could not be decoded as OTLP {Name(encoding)}: {e.Message}"));
        }

        var batch = normalizer.Complete();
        // Priced with the catalog in force now, at the price effective at each call's start.
        var catalog = prices.Current;
        foreach (var call in batch.LlmCalls)
        {
            call.Apply(CostCalculator.Price(call, catalog));
        }

        metrics.IngestSpans.Add(batch.Rejections.Count, new KeyValuePair<string, object?>("outcome", "rejected"));
        if (batch.AcceptedSpanCount > 0)
        {
            var commit = queue.TryEnqueue(batch);
            if (commit is null)
            {
                return Refuse(IngestResult.Unavailable("the ingest queue is full; retry later"));
            }

            try
            {
                var outcome = await commit;
                Log.ExportStored(logger, outcome.Inserted, outcome.Duplicates, batch.Rejections.Count);
            }
            catch (StoreUnavailableException e)
            {
                return Refuse(IngestResult.Unavailable(e.Message));
            }
        }

        return new IngestResult(IngestOutcome.Accepted, batch.Rejections.Count, batch.RejectionMessage());
    }

    private IngestResult Refuse(IngestResult result)
    {
        var reason = result.Outcome == IngestOutcome.BadRequest ? "bad_request" : "unavailable";
        metrics.IngestExportsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Log.ExportRefused(logger, reason, result.Message ?? "");
        return result;
    }

    private static string Name(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? "JSON" : "protobuf";
}
