namespace CostWatch.Core.Notifications;

/// <summary>
/// One alert as a notice shows it. <see cref="Status"/> is <c>firing</c> or <c>resolved</c>; times are UTC;
/// <see cref="Value"/> and <see cref="Threshold"/> are exact (a budget's value is money).
/// </summary>
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
