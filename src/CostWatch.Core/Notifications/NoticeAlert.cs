namespace CostWatch.Core.Notifications;

/// <summary>One alert of a <see cref="Notice"/>, as the receivers show it.</summary>
public sealed record NoticeAlert(
    string Fingerprint,
    string Status,
    string Rule,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    decimal? Value,
    decimal? Threshold,
    DateTime StartsAt,
    DateTime? EndsAt,
    string GeneratorUrl,
    NoticeAlertChange Change);
