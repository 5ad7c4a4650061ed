using System.Globalization;
using CostWatch.Worker.Ingest.Otlp;
using CostWatch.Worker.Observability;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest.Grpc;

/// <summary>
/// <c>TraceService/Export</c> over cleartext HTTP/2: OK with partial success, INVALID_ARGUMENT, UNAUTHENTICATED, or UNAVAILABLE carrying
/// a RetryInfo detail so SDKs back off as told.
/// </summary>
internal sealed class OtlpGrpcTraceService(
    OtlpIngestService ingest,
    IngestAuthenticator authenticator,
    CostWatchMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<OtlpGrpcTraceService> logger) : OtlpTraceServiceBase
{
    public override async Task<RawMessage> Export(RawMessage request, ServerCallContext context)
    {
        if (!authenticator.IsAuthorized(context.RequestHeaders.GetValue("authorization")))
        {
            throw Refuse(StatusCode.Unauthenticated, "unauthenticated",
                "a valid 'authorization: Bearer <token>' metadata entry is required");
        }

        var result = await ingest.IngestAsync(request.Bytes, OtlpEncoding.Protobuf, "grpc");
        switch (result.Outcome)
        {
            case IngestOutcome.Accepted:
                return new RawMessage(
                    OtlpResponseWriter.WriteExportResponse(OtlpEncoding.Protobuf, result.RejectedSpans, result.Message));
            case IngestOutcome.BadRequest:
                throw new RpcException(new Status(StatusCode.InvalidArgument, result.Message!));
            default:
                var retryAfter = options.Value.RetryAfter;
                var trailers = new Metadata
                {
                    { "grpc-status-details-bin",
                        OtlpResponseWriter.RetryInfoStatusDetails((int)StatusCode.Unavailable, result.Message!, retryAfter) },
                    { "retry-after", ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) },
                };
                throw new RpcException(new Status(StatusCode.Unavailable, result.Message!), trailers);
        }
    }

    private RpcException Refuse(StatusCode code, string reason, string message)
    {
        metrics.IngestExportsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Log.ExportRefused(logger, reason, message);
        return new RpcException(new Status(code, message));
    }
}
