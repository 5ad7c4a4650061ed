using System.Diagnostics;
using CostWatch.Benchmarks.Payload;
using CostWatch.Core.Ingest;
using CostWatch.Worker.Ingest.Otlp;

namespace CostWatch.Benchmarks.Decode;

/// <summary>
/// The worker's hand-written protobuf reader against Google.Protobuf's generated classes, on the same realistic
/// exports, single-threaded: both decode into a <see cref="SpanNormalizer"/>, which builds the records, and are
/// checked to produce identical records first. Warmed up, then several timed iterations; the median is reported.
/// </summary>
internal static class DecodeBenchmark
{
    private const int Iterations = 15;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan IterationTarget = TimeSpan.FromMilliseconds(300);
    private static readonly IngestLimits Limits = new();

    public static DecodeResult Run(TemplateSet templates, TextWriter progress)
    {
        var sources = templates.For(0);
        var payloads = sources.Select((batch, i) => batch.Stamped(run: 0xDEC0DE, client: 0, cycle: i)).ToArray();
        var spansPerPass = sources.Sum(batch => batch.SpanCount);
        CheckSameRecords(payloads);

        Action<byte[], SpanNormalizer> hand = static (body, n) => OtlpProtobufDecoder.Decode(body, n);
        Action<byte[], SpanNormalizer> generated = GeneratedClassDecoder.Decode;

        // Warm-up: the JIT reaches its optimised tier and caches fill; it also sizes an iteration.
        var passesPerIteration = Math.Max(1, Math.Max(PassesIn(hand, payloads), PassesIn(generated, payloads)));

        var handRates = new List<double>();
        var generatedRates = new List<double>();
        long handAllocated = 0, generatedAllocated = 0;
        for (var i = 0; i < Iterations; i++)
        {
            // Alternating keeps slow drifts of the machine from favouring one side.
            handAllocated += Time(hand, payloads, passesPerIteration, spansPerPass, handRates);
            generatedAllocated += Time(generated, payloads, passesPerIteration, spansPerPass, generatedRates);
        }

        progress.WriteLine($"decode: {Iterations} iterations of {passesPerIteration} passes over {payloads.Length} exports");
        var spansDecoded = (double)Iterations * passesPerIteration * spansPerPass;
        return new DecodeResult(
            new DecoderMeasurement("hand-written reader (`OtlpProtobufDecoder`, the worker's)", handRates, handAllocated / spansDecoded),
            new DecoderMeasurement("generated classes (`ExportTraceServiceRequest.Parser.ParseFrom` + walk)", generatedRates,
                generatedAllocated / spansDecoded),
            payloads.Length, templates.BatchSize, templates.BytesPerSpan, Iterations);
    }

    private static void CheckSameRecords(byte[][] payloads)
    {
        var receivedAt = DateTime.UtcNow;
        foreach (var payload in payloads)
        {
            var byHand = new SpanNormalizer(Limits, receivedAt);
            OtlpProtobufDecoder.Decode(payload, byHand);
            var byGenerated = new SpanNormalizer(Limits, receivedAt);
            GeneratedClassDecoder.Decode(payload, byGenerated);
            var batch = byHand.Complete();
            if (batch.Rejections.Count > 0 || batch.AcceptedSpanCount != byHand.SpanCount)
            {
                throw new InvalidOperationException($"the generated payload is not all valid: {batch.RejectionMessage()}");
            }

            if (NormalizedFingerprint.Of(batch) != NormalizedFingerprint.Of(byGenerated.Complete()))
            {
                throw new InvalidOperationException("the two decoders produce different records from the same export");
            }
        }
    }

    private static int PassesIn(Action<byte[], SpanNormalizer> decode, byte[][] payloads)
    {
        var watch = Stopwatch.StartNew();
        var passes = 0;
        while (watch.Elapsed < Warmup)
        {
            DecodeAll(decode, payloads);
            passes++;
        }

        return (int)Math.Ceiling(passes * IterationTarget / watch.Elapsed);
    }

    private static long Time(Action<byte[], SpanNormalizer> decode, byte[][] payloads, int passes, int spansPerPass,
        List<double> rates)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var p = 0; p < passes; p++)
        {
            DecodeAll(decode, payloads);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        rates.Add(passes * spansPerPass / elapsed.TotalSeconds);
        return GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    }

    private static void DecodeAll(Action<byte[], SpanNormalizer> decode, byte[][] payloads)
    {
        foreach (var payload in payloads)
        {
            // One normaliser per export, stamped with the time of receipt, as the worker does.
            decode(payload, new SpanNormalizer(Limits, DateTime.UtcNow));
        }
    }
}
