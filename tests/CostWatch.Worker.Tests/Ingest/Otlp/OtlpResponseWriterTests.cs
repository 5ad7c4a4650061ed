using System.Text;
using System.Text.Json;
using CostWatch.Otlp.Proto;
using CostWatch.Worker.Ingest.Otlp;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CostWatch.Worker.Tests.Ingest.Otlp;

public sealed class OtlpResponseWriterTests
{
    [Fact]
    public void WriteExportResponse_NothingRejectedInProtobuf_WritesEmptyMessage()
    {
        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, 0, null);

        Assert.Empty(body);
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess);
    }

    [Fact]
    public void WriteExportResponse_NothingRejectedInJson_WritesEmptyObject()
    {
        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Json, 0, "");

        Assert.Equal("{}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void WriteExportResponse_RejectionsInProtobuf_ParseBackWithGeneratedClass()
    {
        const string message = "3 span(s) rejected: span 00000000000000aa: trace id has 8 bytes, expected 16 — ✓";

        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, 3, message);

        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        Assert.Equal(3, response.PartialSuccess.RejectedSpans);
        Assert.Equal(message, response.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public void WriteExportResponse_LargeRejectionCount_EncodesMultiByteVarint()
    {
        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, 5_000_000_000, null);

        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        Assert.Equal(5_000_000_000, response.PartialSuccess.RejectedSpans);
        Assert.Equal("", response.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public void WriteExportResponse_WarningWithoutRejections_SetsPartialSuccess()
    {
        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, 0, "content attributes dropped");

        var response = ExportTraceServiceResponse.Parser.ParseFrom(body);
        Assert.NotNull(response.PartialSuccess);
        Assert.Equal(0, response.PartialSuccess.RejectedSpans);
        Assert.Equal("content attributes dropped", response.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public void WriteExportResponse_RejectionsInJson_WritesInt64AsStringAndEscapesMessage()
    {
        const string message = "span 01: tool.success is not a boolean: '\"maybe\"'";

        var body = OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Json, 3, message);

        using var document = JsonDocument.Parse(body);
        var partialSuccess = document.RootElement.GetProperty("partialSuccess");
        Assert.Equal(JsonValueKind.String, partialSuccess.GetProperty("rejectedSpans").ValueKind);
        Assert.Equal("3", partialSuccess.GetProperty("rejectedSpans").GetString());
        Assert.Equal(message, partialSuccess.GetProperty("errorMessage").GetString());
        Assert.Single(document.RootElement.EnumerateObject());
    }

    [Fact]
    public void WriteExportResponse_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, -1, null));
    }

    [Theory]
    [InlineData(3, "resourceSpans: expected an array, got an object")]
    [InlineData(-1, "negative codes are sign-extended")]
    public void WriteStatus_Protobuf_ParsesAsGoogleRpcStatus(int code, string message)
    {
        var body = OtlpResponseWriter.WriteStatus(OtlpEncoding.Protobuf, code, message);

        var (readCode, readMessage, details) = ParseStatus(body);
        Assert.Equal(code, readCode);
        Assert.Equal(message, readMessage);
        Assert.Empty(details);
    }

    [Fact]
    public void WriteStatus_Json_WritesCodeAsNumberAndMessage()
    {
        var body = OtlpResponseWriter.WriteStatus(OtlpEncoding.Json, 3, "invalid JSON at byte 57: \"x\"");

        using var document = JsonDocument.Parse(body);
        Assert.Equal(3, document.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("invalid JSON at byte 57: \"x\"", document.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void RetryInfoStatusDetails_Always_CarriesRetryInfoWithTheDelay()
    {
        var body = OtlpResponseWriter.RetryInfoStatusDetails(14, "store unavailable", TimeSpan.FromMilliseconds(2500));

        var (code, message, details) = ParseStatus(body);
        Assert.Equal(14, code);
        Assert.Equal("store unavailable", message);
        var any = Any.Parser.ParseFrom(Assert.Single(details));
        Assert.Equal("type.googleapis.com/google.rpc.RetryInfo", any.TypeUrl);
        var retryDelay = ParseRetryInfo(any.Value);
        Assert.Equal(2, retryDelay.Seconds);
        Assert.Equal(500_000_000, retryDelay.Nanos);
    }

    [Fact]
    public void RetryInfoStatusDetails_WholeSeconds_OmitsZeroNanos()
    {
        var body = OtlpResponseWriter.RetryInfoStatusDetails(8, "overloaded", TimeSpan.FromSeconds(30));

        var any = Any.Parser.ParseFrom(Assert.Single(ParseStatus(body).Details));
        var retryDelay = ParseRetryInfo(any.Value);
        Assert.Equal(30, retryDelay.Seconds);
        Assert.Equal(0, retryDelay.Nanos);
        Assert.Equal(2, retryDelay.CalculateSize());
    }

    /// <summary>google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3; }, read by hand.</summary>
    private static (int Code, string Message, List<ByteString> Details) ParseStatus(byte[] body)
    {
        var input = new CodedInputStream(body);
        var code = 0;
        var message = "";
        var details = new List<ByteString>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 1 << 3 | 0:
                    code = input.ReadInt32();
                    break;
                case 2 << 3 | 2:
                    message = input.ReadString();
                    break;
                case 3 << 3 | 2:
                    details.Add(input.ReadBytes());
                    break;
                default:
                    throw new InvalidOperationException($"unexpected tag {tag} in google.rpc.Status");
            }
        }

        return (code, message, details);
    }

    /// <summary>google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }, read by hand.</summary>
    private static Duration ParseRetryInfo(ByteString retryInfo)
    {
        var input = retryInfo.CreateCodedInput();
        Assert.Equal(1u << 3 | 2, input.ReadTag());
        var duration = Duration.Parser.ParseFrom(input.ReadBytes());
        Assert.True(input.IsAtEnd);
        return duration;
    }
}
