namespace CostWatch.Core.Alerting.Engine;

/// <summary>
/// One alert instance as stored in <c>alert_instances</c>: the rule plus its group labels, and where it stands.
/// Mutable: an evaluation round changes it in place and the store writes back the instances it marked changed.
/// </summary>
public sealed class AlertInstance
{
    public required AlertLabels Labels { get; init; }

    public string Fingerprint => Labels.Fingerprint;

    public required string Rule { get; init; }

    public required string Severity { get; set; }

    public IReadOnlyDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>();

    public AlertState State { get; set; }

    public decimal? Value { get; set; }

    public decimal? Threshold { get; set; }

    /// <summary>When the condition started to hold in this episode (moved forward past time CostWatch was not evaluating).</summary>
    public DateTime ActiveAt { get; set; }

    public DateTime? FiredAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    /// <summary>The last evaluation at which the condition held: where <c>keepFiringFor</c> counts from.</summary>
    public DateTime? LastBreachAt { get; set; }

    /// <summary>Why it resolved: <see cref="AlertReasons"/>.</summary>
    public string? Reason { get; set; }

    public IReadOnlyList<string> SilencedBy { get; set; } = [];

    public IReadOnlyList<string> InhibitedBy { get; set; } = [];

    /// <summary>A firing event of this episode went to the outbox, so its resolution is notified too.</summary>
    public bool Notified { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Set by the round when anything stored changed; the store writes only these.</summary>
    public bool Changed { get; set; }

    /// <summary>Set when a pending instance's condition cleared: it disappears without a notice.</summary>
    public bool Deleted { get; set; }

    public bool IsMuted => SilencedBy.Count > 0 || InhibitedBy.Count > 0;
}
