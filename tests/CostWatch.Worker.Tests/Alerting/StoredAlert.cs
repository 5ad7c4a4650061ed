using CostWatch.Core.Alerting;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>A row of <c>alert_instances</c>, as the test reads it.</summary>
internal sealed record StoredAlert(string Fingerprint, string Rule, AlertLabels Labels, AlertState State,
    DateTime ActiveAt, DateTime? FiredAt, DateTime? ResolvedAt, string? Reason);
