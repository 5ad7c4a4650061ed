using Grpc.Core;

namespace CostWatch.Worker.Ingest.Grpc;

/// <summary>
/// A gRPC message kept as its protobuf bytes: the worker decodes OTLP itself (see Ingest/Otlp), so the
/// transport only has to hand over the payload.
/// </summary>
internal sealed class RawMessage(byte[] bytes)
{
    public static readonly Marshaller<RawMessage> Marshaller = Marshallers.Create(
        (message, context) => context.Complete(message.Bytes),
        context => new RawMessage(context.PayloadAsNewBuffer()));

    public byte[] Bytes { get; } = bytes;
}
