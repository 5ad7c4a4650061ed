using CostWatch.Core.Alerting;
using CostWatch.Core.Notifications;

namespace CostWatch.Core.Tests.Notifications;

public sealed class NotificationRouterTests
{
    private static readonly string[] Receivers = ["ops-hook", "oncall-email", "audit-hook"];

    private static readonly NotificationRouter Router = new(
    [
        new NotificationRoute(new Dictionary<string, string> { ["severity"] = "critical" }, false, ["oncall-email", "ops-hook"]),
        new NotificationRoute(new Dictionary<string, string> { ["rule"] = "MonthlyBudget" }, true, ["audit-hook"]),
        new NotificationRoute(new Dictionary<string, string>(), false, ["ops-hook"]),
    ], Receivers);

    [Fact]
    public void TheFirstMatchingRouteWins() =>
        Assert.Equal(["oncall-email", "ops-hook"], Router.ReceiversFor(Labels("TraceLoss", "critical")));

    [Fact]
    public void ARouteThatContinues_LetsTheNextRoutesMatchToo_AndRuleMeansTheAlertName() =>
        Assert.Equal(["audit-hook", "ops-hook"], Router.ReceiversFor(Labels("MonthlyBudget", "warning")));

    [Fact]
    public void AnAlertNoRouteMatches_GoesToTheLastRouteWithoutMatch()
    {
        var router = new NotificationRouter(
        [
            new NotificationRoute(new Dictionary<string, string>(), false, ["audit-hook"]),
            new NotificationRoute(new Dictionary<string, string> { ["severity"] = "critical" }, false, ["oncall-email"]),
        ], Receivers);

        Assert.Equal(["audit-hook"], router.ReceiversFor(Labels("TraceLoss", "warning")));
    }

    [Fact]
    public void WithoutRoutes_EveryReceiverGetsEveryAlert() =>
        Assert.Equal(Receivers, new NotificationRouter([], Receivers).ReceiversFor(Labels("TraceLoss", "warning")));

    [Fact]
    public void TheFailingAlertOfAReceiver_GoesToTheOthersOnly() =>
        Assert.Equal(["oncall-email"], Router.ReceiversFor(NotificationFailingAlert.LabelsFor("ops-hook")));

    [Fact]
    public void TheFailingAlertOfTheOnlyRoutedReceiver_GoesToEveryOtherReceiver()
    {
        var router = new NotificationRouter([new NotificationRoute(new Dictionary<string, string>(), false, ["ops-hook"])], Receivers);

        Assert.Equal(["oncall-email", "audit-hook"], router.ReceiversFor(NotificationFailingAlert.LabelsFor("ops-hook")));
    }

    [Fact]
    public void GroupKeys_AreTheGroupByLabelsInOrder_AndLeaveOutLabelsTheAlertLacks()
    {
        var grouping = new NotificationGrouping(["rule", "agent", "tool"]);

        var (key, labels) = grouping.GroupOf(AlertLabels.For("TraceLoss", "critical", [new("agent", "researcher")]));

        Assert.Equal("{agent=\"researcher\",rule=\"TraceLoss\"}", key);
        Assert.Equal(new Dictionary<string, string> { ["agent"] = "researcher", ["rule"] = "TraceLoss" }, labels);
    }

    [Fact]
    public void GroupingByEveryLabel_MakesEachAlertItsOwnGroup()
    {
        var (key, _) = new NotificationGrouping(["..."]).GroupOf(Labels("TraceLoss", "critical"));

        Assert.Equal("{alertname=\"TraceLoss\",severity=\"critical\"}", key);
    }

    private static AlertLabels Labels(string rule, string severity) => AlertLabels.For(rule, severity, []);
}
