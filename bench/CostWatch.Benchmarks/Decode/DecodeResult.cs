namespace CostWatch.Benchmarks.Decode;

internal sealed record DecodeResult(
    DecoderMeasurement HandWritten, DecoderMeasurement Generated, int Payloads, int SpansPerPayload,
    double BytesPerSpan, int Iterations);
