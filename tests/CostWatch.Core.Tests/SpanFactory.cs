using CostWatch.Core.Ingest;
using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Tests;

/// <summary>
/// Feeds spans to a <see cref="SpanNormalizer"/> the way the decoders do: known attributes into their slots, and
/// with <paramref name="dimensions"/> the attributes of custom cost dimensions into theirs.
/// </summary>
internal sealed class SpanFactory(CostDimensions? dimensions = null)
{
    public static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    public static readonly Guid Trace = Guid.Parse("0af7651916cd43dd8448eb211c80319c");

    public SpanNormalizer Normalizer { get; } = new(new IngestLimits(), Now, dimensions);

    public SpanFactory Resource(params (string Key, object Value)[] attributes)
    {
        Normalizer.BeginResource();
        foreach (var (key, value) in attributes)
        {
            Set(Normalizer.ResourceAttributes, key, value);
        }

        return this;
    }

    public SpanFactory Span(ulong spanId, ulong parent = 0, string name = "span", int status = 0,
        Guid? trace = null, DateTime? start = null, TimeSpan? duration = null,
        params (string Key, object Value)[] attributes)
    {
        var span = Normalizer.BeginSpan();
        var traceBytes = (trace ?? Trace).ToByteArray(bigEndian: true);
        span.SetTraceId(traceBytes);
        span.SetSpanId(BitConverter.GetBytes(spanId).Reverse().ToArray());
        if (parent != 0)
        {
            span.SetParentSpanId(BitConverter.GetBytes(parent).Reverse().ToArray());
        }

        span.SetName(name);
        var startTime = start ?? Now.AddSeconds(-10);
        span.StartTimeUnixNano = Nanos(startTime);
        span.EndTimeUnixNano = Nanos(startTime + (duration ?? TimeSpan.FromSeconds(1)));
        span.StatusCode = status;
        foreach (var (key, value) in attributes)
        {
            Set(span.Attributes, key, value);
        }

        Normalizer.EndSpan();
        return this;
    }

    public NormalizedBatch Complete() => Normalizer.Complete();

    public static ulong Nanos(DateTime time) => (ulong)(time - DateTime.UnixEpoch).Ticks * 100;

    private void Set(SpanAttributes attributes, string key, object value)
    {
        if (GenAiAttributeNames.TryGet(key.AsSpan(), out var attribute))
        {
            attributes.Set(attribute, Value(value));
        }
        else if (dimensions is not null && dimensions.TryGetCustomSlot(key, out var slot))
        {
            attributes.SetCustom(slot, Value(value));
        }
        else
        {
            throw new ArgumentException($"'{key}' is not an attribute CostWatch reads", nameof(key));
        }
    }

    private static AttributeValue Value(object value) => value switch
    {
        string s => AttributeValue.FromString(s),
        bool b => AttributeValue.FromBool(b),
        int i => AttributeValue.FromInt(i),
        long l => AttributeValue.FromInt(l),
        double d => AttributeValue.FromDouble(d),
        AttributeValue v => v,
        _ => throw new ArgumentException($"unsupported value {value}", nameof(value)),
    };
}
