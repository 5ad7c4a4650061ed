using CostWatch.Core.Notifications;

namespace CostWatch.Storage.Notifications;

/// <summary>What a due group's look decided: the plan, and the notice it queues (null when it sends none).</summary>
public sealed record GroupFlush(FlushPlan Plan, NewNotice? Notice);
