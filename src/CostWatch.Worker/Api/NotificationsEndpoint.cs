using System.Globalization;
using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Storage.Notifications;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Notifications;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>POST /api/v1/notifications/test?receiver=...</c> queues a test notice to a receiver and answers how its first
/// attempt went (a failing one is retried like any notice); <c>GET /api/v1/notifications?status=pending|delivered|dead
/// &amp;receiver=...&amp;limit=...</c> lists the queue, newest first.
/// </summary>
internal static class NotificationsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task<IResult> TestAsync(HttpRequest request, NotificationDispatcher dispatcher,
        NotificationReceivers receivers, StoreReadiness readiness, CancellationToken cancellationToken)
    {
        QueryParameters.RejectUnknown(request.Query, "receiver");
        var receiver = Receiver(request.Query, receivers, required: true)!;
        CostsEndpoint.EnsureReady(readiness);
        var attempt = await dispatcher.SendTestAsync(receiver, cancellationToken);
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("deliveryId", attempt.DeliveryId);
            writer.WriteString("receiver", attempt.Receiver);
            writer.WriteString("status", StateName(attempt.State));
            writer.WriteNumber("attempts", attempt.Attempts);
            WriteTime(writer, "nextAttemptAt", attempt.State == NoticeState.Pending ? attempt.NextAttemptAt : null);
            WriteText(writer, "error", attempt.Error);
            writer.WriteEndObject();
        });
    }

    public static async Task<IResult> ListAsync(HttpRequest request, INotificationStore store, NotificationReceivers receivers,
        StoreReadiness readiness, CancellationToken cancellationToken)
    {
        var query = request.Query;
        QueryParameters.RejectUnknown(query, "status", "receiver", "limit");
        var filter = new NoticeFilter(ParseState(QueryParameters.Single(query, "status")), Receiver(query, receivers, required: false),
            ParseLimit(QueryParameters.Single(query, "limit")));
        CostsEndpoint.EnsureReady(readiness);
        var notices = await store.ListNoticesAsync(filter, cancellationToken);
        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("notifications");
            foreach (var notice in notices)
            {
                Write(writer, notice);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static string StateName(NoticeState state) => state switch
    {
        NoticeState.Pending => "pending",
        NoticeState.Delivered => "delivered",
        _ => "dead",
    };

    /// <exception cref="QueryParameterException">Missing when required, or not a configured receiver.</exception>
    private static string? Receiver(IQueryCollection query, NotificationReceivers receivers, bool required)
    {
        var receiver = QueryParameters.Single(query, "receiver");
        if (receiver is null && !required)
        {
            return null;
        }

        var known = receivers.Names.Count == 0 ? "none is configured (CostWatch:Notifications:Receivers)" : string.Join(", ", receivers.Names);
        if (string.IsNullOrEmpty(receiver))
        {
            throw new QueryParameterException("receiver", $"receiver is required: one of {known}");
        }

        return receivers.Find(receiver) is not null
            ? receiver
            : throw new QueryParameterException("receiver", $"no receiver '{receiver}'; receivers: {known}");
    }

    /// <exception cref="QueryParameterException">Not one of the states.</exception>
    private static NoticeState? ParseState(string? text) => text switch
    {
        null => null,
        "pending" => NoticeState.Pending,
        "delivered" => NoticeState.Delivered,
        "dead" => NoticeState.Dead,
        _ => throw new QueryParameterException("status", $"status must be pending, delivered or dead, was '{text}'"),
    };

    /// <exception cref="QueryParameterException">Not a whole number from 1 to <see cref="MaxLimit"/>.</exception>
    private static int ParseLimit(string? text) => text switch
    {
        null => DefaultLimit,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit => limit,
        _ => throw new QueryParameterException("limit", $"limit must be a whole number from 1 to {MaxLimit}, was '{text}'"),
    };

    private static void Write(Utf8JsonWriter writer, NoticeRow notice)
    {
        writer.WriteStartObject();
        writer.WriteString("deliveryId", notice.DeliveryId);
        writer.WriteString("receiver", notice.Receiver);
        writer.WriteString("groupKey", notice.GroupKey);
        writer.WriteString("status", StateName(notice.State));
        writer.WriteString("noticeStatus", notice.Status);
        writer.WriteString("reason", notice.Reason);
        writer.WriteNumber("alerts", notice.Alerts);
        writer.WriteNumber("attempts", notice.Attempts);
        WriteTime(writer, "createdAt", notice.CreatedAt);
        WriteTime(writer, "nextAttemptAt", notice.State == NoticeState.Pending ? notice.NextAttemptAt : null);
        WriteTime(writer, "deadlineAt", notice.DeadlineAt);
        WriteTime(writer, notice.State == NoticeState.Dead ? "deadAt" : "deliveredAt", notice.FinishedAt);
        WriteText(writer, "lastError", notice.LastError);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTime? time)
    {
        if (time is { } utc)
        {
            writer.WriteString(name, Rfc3339.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? text)
    {
        if (text is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, text);
        }
    }
}
