namespace CostWatch.Storage.Alerting;

/// <summary>
/// The read side of the alert engine for the API: alert instances (<c>alert_instances</c>) and rule health
/// (<c>alert_rule_health</c>) as the engine last wrote them. Every method completes or throws.
/// </summary>
public interface IAlertQueryStore
{
    /// <summary>The instances that pass the filter, ordered by rule, then fingerprint (ordinal).</summary>
    Task<IReadOnlyList<AlertInstanceRow>> ListAlertsAsync(AlertFilter filter, CancellationToken cancellationToken);

    /// <summary>Every rule's health row, ordered by rule (ordinal).</summary>
    Task<IReadOnlyList<RuleHealthRow>> ListRuleHealthAsync(CancellationToken cancellationToken);
}
