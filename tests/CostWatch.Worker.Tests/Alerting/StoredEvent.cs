namespace CostWatch.Worker.Tests.Alerting;

/// <summary>A row of the <c>alert_events</c> outbox, as the test reads it.</summary>
internal sealed record StoredEvent(string Fingerprint, string Rule, string Status, DateTime StartsAt, DateTime? EndsAt,
    string? Reason, DateTime CreatedAt);
