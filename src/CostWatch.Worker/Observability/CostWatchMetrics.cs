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

    /// <summary>The meter the record-derived metrics (<see cref="RecordMetrics"/>) are created on.</summary>
    public Meter Meter => _meter;

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

    /// <summary>
    /// Exports the outcome and error series before anything happened: Prometheus' <c>rate()</c> and
    /// <c>increase()</c> see no increase in a series whose first sample is already 1, so an alert on the first
    /// store error would never fire. Called once the exporter listens (<see cref="MetricSeriesInitializer"/>):
    /// a measurement taken before is lost.
    /// </summary>
    public void StartAtZero()
    {
        foreach (var outcome in (string[])["accepted", "rejected", "duplicate"])
        {
            IngestSpans.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }

        foreach (var reason in (string[])["bad_request", "unauthenticated", "too_large", "unsupported", "unavailable"])
        {
            IngestExportsRefused.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        foreach (var operation in (string[])["write", "attribution", "rollup"])
        {
            StoreErrors.Add(0, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
