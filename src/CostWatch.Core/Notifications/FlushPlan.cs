namespace CostWatch.Core.Notifications;

/// <summary>
/// The outcome of looking at a due group: the notice to send (null when there is nothing to say), the alerts to
/// forget (resolved ones, told or never worth telling), the alerts the receiver now knows fire, and the group's next
/// look (or its deletion once it holds no alert).
/// </summary>
public sealed record FlushPlan(
    PlannedNotice? Notice,
    IReadOnlyList<string> Forget,
    IReadOnlyList<string> MarkNotified,
    bool DeleteGroup,
    DateTime? NextFlushAt);
