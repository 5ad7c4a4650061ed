using Grpc.Core;

namespace CostWatch.Worker.Ingest.Grpc;

/// <summary>
/// The shape of <c>opentelemetry.proto.collector.trace.v1.TraceService</c>, bound by hand instead of by
/// generated code. Grpc.AspNetCore finds the handler as the override of <see cref="Export"/> declared here.
/// </summary>
[BindServiceMethod(typeof(OtlpTraceServiceBase), nameof(BindService))]
internal abstract class OtlpTraceServiceBase
{
    public const string ServiceName = "opentelemetry.proto.collector.trace.v1.TraceService";

    private static readonly Method<RawMessage, RawMessage> ExportMethod = new(
        MethodType.Unary, ServiceName, "Export", RawMessage.Marshaller, RawMessage.Marshaller);

    public static void BindService(ServiceBinderBase binder, OtlpTraceServiceBase? service) =>
        binder.AddMethod(ExportMethod, service is null ? null : service.Export);

    public virtual Task<RawMessage> Export(RawMessage request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "Export is not implemented."));
}
