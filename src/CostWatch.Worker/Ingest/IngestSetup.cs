using CostWatch.Worker.Attribution;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Ingest.Grpc;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Ingest;

internal static class IngestSetup
{
    /// <summary>OTLP ingest over HTTP (4318) and gRPC (4317), the commit queue and the attribution of late spans.</summary>
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, OptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, OptionsValidator>();

        services.AddSingleton<Observability.CostWatchMetrics>();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<IngestAuthenticator>();
        services.AddSingleton<OtlpIngestService>();
        services.AddSingleton<OtlpHttpEndpoint>();
        services.AddHostedService<GroupCommitWriter>();

        services.AddSingleton<AttributionQueue>();
        services.AddSingleton<AttributionPass>();
        services.AddHostedService<AttributionWorker>();

        var maxBody = builder.Configuration.GetValue<long?>($"{IngestOptions.Section}:MaxBodyBytes")
                      ?? new IngestOptions().MaxBodyBytes;
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(maxBody, int.MaxValue);
            grpc.EnableDetailedErrors = false;
        });
        return builder;
    }

    public static WebApplication MapIngest(this WebApplication app)
    {
        app.MapPost("/v1/traces", (HttpContext context, OtlpHttpEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapGrpcService<OtlpGrpcTraceService>();
        return app;
    }
}
