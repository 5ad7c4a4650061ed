using CostWatch.Core.Alerting;

namespace CostWatch.Storage.Alerting;

/// <summary>
/// One row of <c>alert_instances</c> (see the schema's comments): times are Unix microseconds, labels and
/// annotations the stored JSON objects, <see cref="SilencedBy"/> the ids of the silences muting the instance and
/// <see cref="InhibitedBy"/> the fingerprints of the alerts inhibiting it (both empty when none).
/// </summary>
public sealed record AlertInstanceRow(
    string Fingerprint,
    string Rule,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    AlertState State,
    decimal? Value,
    decimal? Threshold,
    long ActiveAt,
    long? FiredAt,
    long? ResolvedAt,
    long? LastBreachAt,
    string? Reason,
    IReadOnlyList<string> SilencedBy,
    IReadOnlyList<string> InhibitedBy,
    bool Notified,
    long UpdatedAt);
