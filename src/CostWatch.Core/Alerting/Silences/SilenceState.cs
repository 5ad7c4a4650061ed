namespace CostWatch.Core.Alerting.Silences;

/// <summary>Where a silence stands at a given time; only an <see cref="Active"/> silence mutes alerts.</summary>
public enum SilenceState
{
    /// <summary>Created for later: <c>startsAt</c> has not come yet.</summary>
    Pending,

    /// <summary>Between <c>startsAt</c> (included) and <c>endsAt</c> (excluded).</summary>
    Active,

    /// <summary>Past <c>endsAt</c>, or expired early by a delete.</summary>
    Expired,
}
