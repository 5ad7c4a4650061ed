using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Engine;
using CostWatch.Core.Notifications;

namespace CostWatch.Core.Tests.Notifications;

/// <summary>
/// Alertmanager's grouping semantics over one receiver's group, step by step on made-up times: group wait, group
/// interval, repeat interval, reasons, and what each notice lists as new, still firing and resolved.
/// </summary>
public sealed class NoticePlannerTests
{
    private static readonly DateTime T0 = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);
    private static readonly NoticeTimings Timings = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));

    private readonly Dictionary<string, GroupedAlert> _alerts = [];
    private NotificationGroup? _group;

    [Fact]
    public void AlertsFiringWithinGroupWait_GoOutTogether_AsTheFirstNotification()
    {
        Admit(Firing("researcher"), T0);
        Admit(Firing("writer"), T0.AddSeconds(10));
        Assert.Equal(T0.AddSeconds(30), _group!.NextFlushAt);

        var plan = Flush(T0.AddSeconds(30));

        Assert.Equal(NoticeReasons.FirstNotification, plan.Notice!.Reason);
        Assert.Equal(NoticeStatus.Firing, plan.Notice.Status);
        Assert.Equal([("researcher", NoticeAlertChange.New), ("writer", NoticeAlertChange.New)], Listed(plan));
        Assert.Equal(T0.AddSeconds(30) + Timings.RepeatInterval, plan.NextFlushAt);
    }

    [Fact]
    public void AnAlertAddedLater_WaitsForTheGroupInterval_AndIsListedAsNew_BesideTheStillFiringOne()
    {
        Admit(Firing("researcher"), T0);
        Flush(T0.AddSeconds(30));

        Admit(Firing("writer"), T0.AddMinutes(1));
        Assert.Equal(T0.AddSeconds(30) + Timings.GroupInterval, _group!.NextFlushAt);
        var plan = Flush(T0.AddSeconds(30) + Timings.GroupInterval);

        Assert.Equal(NoticeReasons.NewAlertsAdded, plan.Notice!.Reason);
        Assert.Equal([("writer", NoticeAlertChange.New), ("researcher", NoticeAlertChange.StillFiring)], Listed(plan));
    }

    [Fact]
    public void AChangeAfterTheGroupInterval_IsDueAtOnce()
    {
        Admit(Firing("researcher"), T0);
        Flush(T0.AddSeconds(30));

        Admit(Firing("writer"), T0.AddMinutes(20));

        Assert.Equal(T0.AddMinutes(20), _group!.NextFlushAt);
    }

    [Fact]
    public void OneOfTwoResolves_SomeAlertsResolved_ThenTheOther_AllAlertsResolved_AndTheGroupIsGone()
    {
        Admit(Firing("researcher"), T0);
        Admit(Firing("writer"), T0);
        Flush(T0.AddSeconds(30));

        Admit(Resolved("writer", T0.AddMinutes(10)), T0.AddMinutes(10));
        var some = Flush(T0.AddMinutes(10));
        Assert.Equal(NoticeReasons.SomeAlertsResolved, some.Notice!.Reason);
        Assert.Equal(NoticeStatus.Firing, some.Notice.Status);
        Assert.Equal([("researcher", NoticeAlertChange.StillFiring), ("writer", NoticeAlertChange.Resolved)], Listed(some));
        Assert.Equal(T0.AddMinutes(10), some.Notice.Alerts.Single(a => a.Change == NoticeAlertChange.Resolved).Alert.EndsAt);

        Admit(Resolved("researcher", T0.AddMinutes(12)), T0.AddMinutes(12));
        Assert.Equal(T0.AddMinutes(15), _group!.NextFlushAt);
        var all = Flush(T0.AddMinutes(15));
        Assert.Equal(NoticeReasons.AllAlertsResolved, all.Notice!.Reason);
        Assert.Equal(NoticeStatus.Resolved, all.Notice.Status);
        Assert.Equal([("researcher", NoticeAlertChange.Resolved)], Listed(all));
        Assert.True(all.DeleteGroup);
    }

    [Fact]
    public void AnUnchangedFiringGroup_IsRepeatedAfterTheRepeatInterval_AndNotBefore()
    {
        Admit(Firing("researcher"), T0);
        var first = Flush(T0.AddSeconds(30));

        Assert.Null(Flush(first.NextFlushAt!.Value.AddSeconds(-1)).Notice);
        var repeat = Flush(first.NextFlushAt!.Value);

        Assert.Equal(NoticeReasons.RepeatIntervalElapsed, repeat.Notice!.Reason);
        Assert.Equal([("researcher", NoticeAlertChange.StillFiring)], Listed(repeat));
        Assert.Equal(first.NextFlushAt.Value + Timings.RepeatInterval, repeat.NextFlushAt);
    }

    [Fact]
    public void AnAlertResolvedWithinGroupWait_IsNeverAnnounced()
    {
        Admit(Firing("researcher"), T0);
        Admit(Resolved("researcher", T0.AddSeconds(10)), T0.AddSeconds(10));

        var plan = Flush(T0.AddSeconds(30));

        Assert.Null(plan.Notice);
        Assert.True(plan.DeleteGroup);
    }

    [Fact]
    public void AResolutionOfAnAlertTheGroupDoesNotHold_IsIgnored()
    {
        Assert.Null(NoticePlanner.Admit(null, null, Resolved("researcher", T0), "hook", "{}", new Dictionary<string, string>(), Timings));
    }

    [Fact]
    public void WithoutSendResolved_ResolutionsAreForgotten_AndNoNoticeSaysSo()
    {
        Admit(Firing("researcher"), T0);
        Admit(Firing("writer"), T0);
        Flush(T0.AddSeconds(30), sendResolved: false);

        Admit(Resolved("writer", T0.AddMinutes(10)), T0.AddMinutes(10));
        var some = Flush(T0.AddMinutes(10), sendResolved: false);
        Assert.Null(some.Notice);
        Assert.Equal(["a-writer"], some.Forget);

        Admit(Resolved("researcher", T0.AddMinutes(20)), T0.AddMinutes(20));
        var all = Flush(T0.AddMinutes(20), sendResolved: false);
        Assert.Null(all.Notice);
        Assert.True(all.DeleteGroup);
    }

    [Fact]
    public void AnAlertThatFiresAgainBeforeItsResolutionWasSent_IsStillFiring_NotNew()
    {
        Admit(Firing("researcher"), T0);
        Flush(T0.AddSeconds(30));

        Admit(Resolved("researcher", T0.AddMinutes(1)), T0.AddMinutes(1));
        Admit(Firing("researcher"), T0.AddMinutes(2));
        var plan = Flush(T0.AddSeconds(30) + Timings.GroupInterval);

        Assert.Null(plan.Notice);
        Assert.False(plan.DeleteGroup);
    }

    private void Admit(AlertEvent change, DateTime at)
    {
        var (key, labels) = ("{rule=\"TraceLoss\"}", new Dictionary<string, string> { ["rule"] = "TraceLoss" });
        var admitted = NoticePlanner.Admit(_group, _alerts.GetValueOrDefault(change.Fingerprint), change with { CreatedAt = at },
            "hook", key, labels, Timings);
        Assert.NotNull(admitted);
        _group = admitted.Value.Group;
        _alerts[change.Fingerprint] = admitted.Value.Alert;
    }

    private FlushPlan Flush(DateTime now, bool sendResolved = true)
    {
        var plan = NoticePlanner.Flush(_group!, _alerts.Values.ToList(), sendResolved, Timings, now);
        foreach (var forgotten in plan.Forget)
        {
            _alerts.Remove(forgotten);
        }

        foreach (var notified in plan.MarkNotified)
        {
            _alerts[notified] = _alerts[notified] with { NotifiedFiring = true };
        }

        _group = plan.DeleteGroup ? null : _group! with
        {
            NextFlushAt = plan.NextFlushAt,
            LastNoticeAt = plan.Notice is null ? _group.LastNoticeAt : now,
        };
        return plan;
    }

    private static List<(string Agent, NoticeAlertChange Change)> Listed(FlushPlan plan) =>
        plan.Notice!.Alerts.Select(a => (a.Alert.Labels["agent"], a.Change)).ToList();

    private static AlertEvent Firing(string agent) => Event(agent, AlertEvent.Firing, null);

    private static AlertEvent Resolved(string agent, DateTime at) => Event(agent, AlertEvent.Resolved, at);

    private static AlertEvent Event(string agent, string status, DateTime? endsAt) => new(T0, $"a-{agent}", "TraceLoss", "critical",
        status, AlertLabels.For("TraceLoss", "critical", [new("agent", agent)]), new Dictionary<string, string>(), 400m, 300m, T0,
        endsAt, null);
}
