using System.Buffers.Binary;

namespace CostWatch.Core.Telemetry;

/// <summary>
/// What the OTLP decoders read of one span: ids, timing, status and the known attributes. One instance is
/// reused for every span of an export; the normaliser copies what it keeps.
/// </summary>
public sealed class DecodedSpan
{
    public Guid TraceId { get; private set; }

    public ulong SpanId { get; private set; }

    /// <summary>0 for a root span.</summary>
    public ulong ParentSpanId { get; private set; }

    /// <summary>Set when an id had the wrong length: the span is rejected with this message.</summary>
    public string? IdError { get; private set; }

    public SpanNameKind NameKind { get; private set; }

    public ulong StartTimeUnixNano { get; set; }

    public ulong EndTimeUnixNano { get; set; }

    /// <summary>OTLP status code: 0 unset, 1 ok, 2 error.</summary>
    public int StatusCode { get; set; }

    public SpanAttributes Attributes { get; } = new();

    public void Reset()
    {
        TraceId = Guid.Empty;
        SpanId = 0;
        ParentSpanId = 0;
        IdError = null;
        NameKind = SpanNameKind.Other;
        StartTimeUnixNano = 0;
        EndTimeUnixNano = 0;
        StatusCode = 0;
        Attributes.Clear();
    }

    public void SetTraceId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 16)
        {
            TraceId = new Guid(bytes, bigEndian: true);
        }
        else if (bytes.Length != 0)
        {
            IdError ??= $"trace id has {bytes.Length} bytes, expected 16";
        }
    }

    public void SetSpanId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 8)
        {
            SpanId = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        else if (bytes.Length != 0)
        {
            IdError ??= $"span id has {bytes.Length} bytes, expected 8";
        }
    }

    public void SetParentSpanId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 8)
        {
            ParentSpanId = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        else if (bytes.Length != 0)
        {
            IdError ??= $"parent span id has {bytes.Length} bytes, expected 8";
        }
    }

    /// <summary>Records an id that could not be read at all (for example a malformed hex string in OTLP/JSON).</summary>
    public void SetIdError(string message) => IdError ??= message;

    public void SetName(ReadOnlySpan<byte> utf8Name) => NameKind = utf8Name switch
    {
        _ when utf8Name.SequenceEqual("agent.run"u8) => SpanNameKind.AgentRun,
        _ when utf8Name.SequenceEqual("agent.tool_call"u8) => SpanNameKind.AgentToolCall,
        _ => SpanNameKind.Other,
    };

    public void SetName(ReadOnlySpan<char> name) => NameKind = name switch
    {
        "agent.run" => SpanNameKind.AgentRun,
        "agent.tool_call" => SpanNameKind.AgentToolCall,
        _ => SpanNameKind.Other,
    };
}
