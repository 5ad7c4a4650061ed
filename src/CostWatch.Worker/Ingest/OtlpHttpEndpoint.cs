using System.Globalization;
using CostWatch.Worker.Ingest.Otlp;
using CostWatch.Worker.Observability;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CostWatch.Worker.Ingest;

/// <summary>
/// <c>POST /v1/traces</c>: OTLP/HTTP with protobuf or JSON bodies, optionally gzip-compressed. Answers in the
/// request's encoding: 200 (with partial success), 400, 401, 413, 415, or 503 with Retry-After.
/// </summary>
internal sealed class OtlpHttpEndpoint(
    OtlpIngestService ingest,
    IngestAuthenticator authenticator,
    CostWatchMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<OtlpHttpEndpoint> logger)
{
    private const int GrpcInvalidArgument = 3;
    private const int GrpcUnauthenticated = 16;
    private const int GrpcUnavailable = 14;
    private const int GrpcResourceExhausted = 8;
    private const int GrpcUnimplemented = 12;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var encoding = EncodingOf(request.ContentType);

        if (!authenticator.IsAuthorized(request.Headers.Authorization))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, encoding ?? OtlpEncoding.Protobuf,
                GrpcUnauthenticated, "unauthenticated", "a valid 'Authorization: Bearer <token>' header is required");
            return;
        }

        if (encoding is null)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, OtlpEncoding.Protobuf,
                GrpcUnimplemented, "unsupported",
                $"Content-Type '{request.ContentType}' is not supported; use application/x-protobuf or application/json");
            return;
        }

        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var gzip = contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, encoding.Value, GrpcUnimplemented,
                "unsupported", $"Content-Encoding '{contentEncoding}' is not supported; use gzip or none");
            return;
        }

        // The limit applies after decompression, so it is enforced while reading rather than by Kestrel.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var limit = options.Value.MaxBodyBytes;
        BoundedBody? body;
        try
        {
            body = request.ContentLength > limit && !gzip
                ? null
                : await BoundedBody.ReadAsync(request.Body, gzip, limit, request.ContentLength, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, encoding.Value, GrpcInvalidArgument,
                "bad_request", $"the gzip body is corrupt: {e.Message}");
            return;
        }

        if (body is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, encoding.Value, GrpcResourceExhausted,
                "too_large", $"the body exceeds {limit} bytes (after decompression); send smaller batches");
            return;
        }

        using (body)
        {
            // GZipStream reads a truncated stream as if it had ended; an empty result from a non-empty body
            // is such a stream, not an empty export.
            if (gzip && body.Length == 0 && request.ContentLength is not 0)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, encoding.Value, GrpcInvalidArgument,
                    "bad_request", "the gzip body is truncated: it decompresses to nothing");
                return;
            }

            var result = await ingest.IngestAsync(body.Memory, encoding.Value, "http");
            await WriteResultAsync(context, encoding.Value, result);
        }
    }

    private async Task WriteResultAsync(HttpContext context, OtlpEncoding encoding, IngestResult result)
    {
        switch (result.Outcome)
        {
            case IngestOutcome.Accepted:
                await WriteAsync(context, StatusCodes.Status200OK, encoding,
                    OtlpResponseWriter.WriteExportResponse(encoding, result.RejectedSpans, result.Message));
                break;
            case IngestOutcome.BadRequest:
                await WriteAsync(context, StatusCodes.Status400BadRequest, encoding,
                    OtlpResponseWriter.WriteStatus(encoding, GrpcInvalidArgument, result.Message!));
                break;
            default:
                context.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(options.Value.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, encoding,
                    OtlpResponseWriter.WriteStatus(encoding, GrpcUnavailable, result.Message!));
                break;
        }
    }

    private async Task RefuseAsync(HttpContext context, int httpStatus, OtlpEncoding encoding, int grpcCode,
        string reason, string message)
    {
        metrics.IngestExportsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Log.ExportRefused(logger, reason, message);
        await WriteAsync(context, httpStatus, encoding, OtlpResponseWriter.WriteStatus(encoding, grpcCode, message));
    }

    private static async Task WriteAsync(HttpContext context, int status, OtlpEncoding encoding, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = encoding == OtlpEncoding.Json ? "application/json" : "application/x-protobuf";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static OtlpEncoding? EncodingOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }

        return mediaType.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-protobuf" or "application/protobuf" => OtlpEncoding.Protobuf,
            "application/json" => OtlpEncoding.Json,
            _ => null,
        };
    }
}
