using System.Diagnostics.Metrics;

namespace CostWatch.Worker.Observability;

/// <summary>
/// CostWatch's one <see cref="Meter"/>. Instruments are created once here; tags are low-cardinality
/// (never trace, span, session or user ids).
/// </summary>
internal sealed class CostWatchMetrics : IDisposable
{
    public const string MeterName = "CostWatch";

    private readonly Meter _meter;

    public CostWatchMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        IngestSpans = _meter.CreateCounter<long>("costwatch.ingest.spans", "{span}",
            "Spans received over OTLP, by outcome: accepted, rejected (invalid) or duplicate (already stored).");
        IngestExportDuration = _meter.CreateHistogram("costwatch.ingest.export.duration", "s",
            "Time from receiving an export to answering it, commit included.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        IngestExportsRefused = _meter.CreateCounter<long>("costwatch.ingest.exports.refused", "{export}",
            "Exports answered with an error, by reason: bad_request, unauthenticated, too_large, unsupported, unavailable.");
        StoreErrors = _meter.CreateCounter<long>("costwatch.store.errors", "{error}",
            "Failed store operations, by operation.");
        RollupRecords = _meter.CreateCounter<long>("costwatch.rollup.records", "{record}",
            "Records rolled up into the cost rollups.");
        RollupLag = _meter.CreateHistogram("costwatch.rollup.lag", "s",
            "Per rollup pass: how long the oldest record it rolled up had been stored.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 15, 20, 30, 60, 120, 300, 600] });
    }

    public Counter<long> IngestSpans { get; }

    public Histogram<double> IngestExportDuration { get; }

    public Counter<long> IngestExportsRefused { get; }

    public Counter<long> StoreErrors { get; }

    public Counter<long> RollupRecords { get; }

    public Histogram<double> RollupLag { get; }

    /// <summary>Registers the queue-depth gauge once the queue exists.</summary>
    public void ObserveQueueDepth(Func<int> queuedSpans) =>
        _meter.CreateObservableGauge("costwatch.ingest.queue.depth", queuedSpans, "{span}",
            "Spans decoded and waiting to be committed.");

    public void Dispose() => _meter.Dispose();
}
