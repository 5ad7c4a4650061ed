namespace CostWatch.Simulator;

/// <summary>The OTLP transport the simulator exports with (<c>--protocol</c>).</summary>
internal enum ExportProtocol
{
    /// <summary>OTLP/gRPC, CostWatch's port 4317.</summary>
    Grpc,

    /// <summary>OTLP/HTTP with protobuf bodies, <c>POST /v1/traces</c> on CostWatch's port 4318.</summary>
    Http,
}
