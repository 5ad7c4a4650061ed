namespace CostWatch.Storage.Notifications;

/// <summary>Which notices to list: by state and receiver (null for all), newest first, at most <paramref name="Limit"/>.</summary>
public sealed record NoticeFilter(NoticeState? State, string? Receiver, int Limit);
