using System.Text.Json;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Core.Costs;
using CostWatch.Storage.Alerting;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// Silences: <c>POST /api/v1/silences</c> creates one (201 with its id and <c>Location</c>), <c>GET
/// /api/v1/silences</c> lists them all with their state, <c>GET /api/v1/silences/{id}</c> shows one and
/// <c>DELETE /api/v1/silences/{id}</c> expires it (204; 404 when unknown). The alert engine reads the active
/// ones from the store (<see cref="ISilenceStore.ListActiveAsync"/>).
/// </summary>
internal static class SilencesEndpoint
{
    public static async Task<IResult> CreateAsync(HttpRequest request, ISilenceStore store, StoreReadiness readiness,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        var now = SilenceRequestReader.ToMicroseconds(time.GetUtcNow().UtcDateTime);
        var silence = await SilenceRequestReader.ReadAsync(request, now, cancellationToken);
        CostsEndpoint.EnsureReady(readiness);
        await store.CreateAsync(silence, cancellationToken);
        Log.SilenceCreated(loggers.CreateLogger(typeof(SilencesEndpoint)), silence.Id, silence.CreatedBy,
            silence.StartsAt, silence.EndsAt, string.Join(", ", silence.Matchers));
        request.HttpContext.Response.Headers.Location = $"{request.PathBase}{request.Path.Value?.TrimEnd('/')}/{silence.Id:D}";
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("silenceID", silence.Id.ToString("D"));
            writer.WriteEndObject();
        }, StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(HttpRequest request, ISilenceStore store, StoreReadiness readiness,
        TimeProvider time, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        CostsEndpoint.EnsureReady(readiness);
        var silences = await store.ListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("silences");
            foreach (var silence in silences)
            {
                Write(writer, silence, now);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task<IResult> GetAsync(string id, HttpRequest request, ISilenceStore store,
        StoreReadiness readiness, TimeProvider time, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        var silenceId = ParseId(id);
        CostsEndpoint.EnsureReady(readiness);
        var silence = await store.GetAsync(silenceId, cancellationToken);
        if (silence is null)
        {
            return ApiErrors.NotFound($"no silence '{silenceId:D}'");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return new JsonBodyResult(writer => Write(writer, silence, now));
    }

    public static async Task<IResult> ExpireAsync(string id, HttpRequest request, ISilenceStore store,
        StoreReadiness readiness, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query);
        var silenceId = ParseId(id);
        CostsEndpoint.EnsureReady(readiness);
        var now = SilenceRequestReader.ToMicroseconds(time.GetUtcNow().UtcDateTime);
        if (!await store.ExpireAsync(silenceId, now, cancellationToken))
        {
            return ApiErrors.NotFound($"no silence '{silenceId:D}'");
        }

        Log.SilenceExpired(loggers.CreateLogger(typeof(SilencesEndpoint)), silenceId, now);
        return Results.NoContent();
    }

    /// <exception cref="QueryParameterException">Not a silence id.</exception>
    private static Guid ParseId(string id) =>
        Guid.TryParse(id, out var silenceId)
            ? silenceId
            : throw new QueryParameterException("id", $"'{id}' is not a silence id (a UUID such as 0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e)");

    private static void Write(Utf8JsonWriter writer, Silence silence, DateTime now)
    {
        writer.WriteStartObject();
        writer.WriteString("id", silence.Id.ToString("D"));
        writer.WriteStartObject("status");
        writer.WriteString("state", StateName(silence.StateAt(now)));
        writer.WriteEndObject();
        writer.WriteStartArray("matchers");
        foreach (var matcher in silence.Matchers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", matcher.Name);
            writer.WriteString("value", matcher.Value);
            writer.WriteBoolean("isRegex", matcher.IsRegex);
            writer.WriteBoolean("isEqual", matcher.IsEqual);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("startsAt", Time(silence.StartsAt));
        writer.WriteString("endsAt", Time(silence.EndsAt));
        writer.WriteString("createdBy", silence.CreatedBy);
        writer.WriteString("comment", silence.Comment);
        writer.WriteString("createdAt", Time(silence.CreatedAt));
        writer.WriteString("updatedAt", Time(silence.UpdatedAt));
        writer.WriteEndObject();
    }

    private static string Time(DateTime utc) => Rfc3339.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static string StateName(SilenceState state) => state switch
    {
        SilenceState.Pending => "pending",
        SilenceState.Active => "active",
        _ => "expired",
    };
}
