namespace CostWatch.Core.Alerting;

/// <summary>An alert instance's state, as stored in <c>alert_instances.state</c>.</summary>
public enum AlertState
{
    Pending = 1,
    Firing = 2,
    Resolved = 3,
}
