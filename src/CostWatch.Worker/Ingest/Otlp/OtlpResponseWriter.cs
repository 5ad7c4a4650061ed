using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// Encodes the bodies CostWatch answers an export with, in the encoding of the request (OTLP/HTTP requires it):
/// <c>ExportTraceServiceResponse</c> for accepted exports and <c>google.rpc.Status</c> for refused ones. These
/// are a handful of bytes once per export, so they are written simply rather than fast.
/// </summary>
internal static class OtlpResponseWriter
{
    // ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
    private const int ResponsePartialSuccessField = 1;

    // ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
    private const int PartialSuccessRejectedSpansField = 1;
    private const int PartialSuccessErrorMessageField = 2;

    // google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
    private const int StatusCodeField = 1;
    private const int StatusMessageField = 2;
    private const int StatusDetailsField = 3;

    // google.protobuf.Any { string type_url = 1; bytes value = 2; }
    private const int AnyTypeUrlField = 1;
    private const int AnyValueField = 2;

    // google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }
    private const int RetryInfoRetryDelayField = 1;

    // google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2; }
    private const int DurationSecondsField = 1;
    private const int DurationNanosField = 2;

    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>
    /// The <c>ExportTraceServiceResponse</c>. <c>partial_success</c> stays unset when nothing was rejected and
    /// there is no message, which the specification asks for on full success (zero bytes in protobuf, <c>{}</c>
    /// in JSON); a message without rejections is a warning the client may log.
    /// </summary>
    public static byte[] WriteExportResponse(OtlpEncoding encoding, long rejectedSpans, string? errorMessage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rejectedSpans);
        var hasMessage = !string.IsNullOrEmpty(errorMessage);
        if (rejectedSpans == 0 && !hasMessage)
        {
            return encoding == OtlpEncoding.Json ? "{}"u8.ToArray() : [];
        }

        if (encoding == OtlpEncoding.Json)
        {
            return WriteJson(json =>
            {
                json.WriteStartObject("partialSuccess");
                // The protobuf JSON mapping writes int64 as a string, so that JavaScript clients keep every digit.
                json.WriteString("rejectedSpans", rejectedSpans.ToString(CultureInfo.InvariantCulture));
                if (hasMessage)
                {
                    json.WriteString("errorMessage", errorMessage);
                }

                json.WriteEndObject();
            });
        }

        var partialSuccess = new ArrayBufferWriter<byte>();
        WriteVarintField(partialSuccess, PartialSuccessRejectedSpansField, (ulong)rejectedSpans);
        if (hasMessage)
        {
            WriteStringField(partialSuccess, PartialSuccessErrorMessageField, errorMessage!);
        }

        var response = new ArrayBufferWriter<byte>();
        WriteBytesField(response, ResponsePartialSuccessField, partialSuccess.WrittenSpan);
        return response.WrittenSpan.ToArray();
    }

    /// <summary>A <c>google.rpc.Status</c> for a refused export; <paramref name="code"/> is a gRPC code.</summary>
    public static byte[] WriteStatus(OtlpEncoding encoding, int code, string message)
    {
        if (encoding == OtlpEncoding.Json)
        {
            return WriteJson(json =>
            {
                json.WriteNumber("code", code);
                json.WriteString("message", message);
            });
        }

        var status = new ArrayBufferWriter<byte>();
        WriteStatusFields(status, code, message);
        return status.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The protobuf <c>google.rpc.Status</c> for the gRPC <c>grpc-status-details-bin</c> trailer, carrying a
    /// <c>google.rpc.RetryInfo</c>: the OTLP exporters read the retry delay from there, since gRPC has no
    /// <c>Retry-After</c> header.
    /// </summary>
    public static byte[] RetryInfoStatusDetails(int code, string message, TimeSpan retryDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryDelay, TimeSpan.Zero);

        var duration = new ArrayBufferWriter<byte>();
        var seconds = retryDelay.Ticks / TimeSpan.TicksPerSecond;
        var nanos = (int)(retryDelay.Ticks % TimeSpan.TicksPerSecond * TimeSpan.NanosecondsPerTick);
        WriteVarintField(duration, DurationSecondsField, (ulong)seconds);
        WriteVarintField(duration, DurationNanosField, (ulong)nanos);

        var retryInfo = new ArrayBufferWriter<byte>();
        WriteBytesField(retryInfo, RetryInfoRetryDelayField, duration.WrittenSpan);

        var any = new ArrayBufferWriter<byte>();
        WriteStringField(any, AnyTypeUrlField, RetryInfoTypeUrl);
        WriteBytesField(any, AnyValueField, retryInfo.WrittenSpan);

        var status = new ArrayBufferWriter<byte>();
        WriteStatusFields(status, code, message);
        WriteBytesField(status, StatusDetailsField, any.WrittenSpan);
        return status.WrittenSpan.ToArray();
    }

    private static void WriteStatusFields(ArrayBufferWriter<byte> status, int code, string message)
    {
        // int32 is sign-extended to 64 bits on the wire, so a negative code takes ten bytes, as protobuf expects.
        WriteVarintField(status, StatusCodeField, (ulong)(long)code);
        WriteStringField(status, StatusMessageField, message);
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeMembers(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a varint field, leaving it out when zero: proto3 never writes default values.</summary>
    private static void WriteVarintField(ArrayBufferWriter<byte> writer, int field, ulong value)
    {
        if (value == 0)
        {
            return;
        }

        WriteVarint(writer, (ulong)field << 3 | ProtoReader.Varint);
        WriteVarint(writer, value);
    }

    private static void WriteStringField(ArrayBufferWriter<byte> writer, int field, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        WriteBytesField(writer, field, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A length-delimited field, written even when empty: an empty embedded message is still set.</summary>
    private static void WriteBytesField(ArrayBufferWriter<byte> writer, int field, ReadOnlySpan<byte> value)
    {
        WriteVarint(writer, (ulong)field << 3 | ProtoReader.LengthDelimited);
        WriteVarint(writer, (ulong)value.Length);
        writer.Write(value);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        writer.Advance(length);
    }
}
