using System.Data.Common;
using CostWatch.Storage;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Health;

internal static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the store is reachable and its schema current.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Json(new { status = "up" }));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(ITelemetryStore store, StoreReadiness readiness,
        CancellationToken cancellationToken)
    {
        if (!readiness.SchemaReady)
        {
            return NotReady("the store's schema has not been migrated yet (is the database reachable?)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            var status = await store.GetSchemaStatusAsync(timeout.Token);
            return status.IsCurrent
                ? Results.Json(new { status = "ready", provider = store.Provider.ToString(), schemaVersion = status.Current })
                : NotReady($"the schema is at version {status.Current}, this build expects {status.Latest}");
        }
        catch (Exception e) when (e is DbException or TimeoutException or OperationCanceledException)
        {
            return NotReady($"the store is unreachable: {e.GetType().Name}");
        }
    }

    private static IResult NotReady(string reason) =>
        Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
