namespace CostWatch.Core.Notifications;

/// <summary>
/// A route: alerts whose labels equal every pair of <see cref="Match"/> (an empty match takes every alert) go to
/// <see cref="Receivers"/>; <see cref="Continue"/> lets the routes after it be tried too.
/// </summary>
public sealed record NotificationRoute(IReadOnlyDictionary<string, string> Match, bool Continue, IReadOnlyList<string> Receivers)
{
    public bool IsDefault => Match.Count == 0;
}
