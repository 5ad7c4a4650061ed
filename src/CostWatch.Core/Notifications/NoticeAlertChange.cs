namespace CostWatch.Core.Notifications;

/// <summary>What happened to an alert since the receiver's previous notice of its group.</summary>
public enum NoticeAlertChange
{
    /// <summary>Firing, and the receiver has not been told yet.</summary>
    New,

    /// <summary>Firing, and the receiver was told in an earlier notice.</summary>
    StillFiring,

    /// <summary>Resolved since the receiver was told it fires.</summary>
    Resolved,
}
