using CostWatch.Core.Alerting;

namespace CostWatch.Core.Notifications;

/// <summary>
/// Which receivers get an alert: routes are tried in order, the first that matches wins unless it says
/// <c>Continue</c>; an alert no route matches goes to the last route without a match. A receiver named by several
/// matching routes gets the alert once. <see cref="NotificationFailingAlert"/> never goes to the receiver it is
/// about (that receiver is failing); when its routes name no other receiver, it goes to every other receiver.
/// </summary>
public sealed class NotificationRouter
{
    private readonly IReadOnlyList<NotificationRoute> _routes;
    private readonly IReadOnlyList<string> _receivers;
    private readonly NotificationRoute? _fallback;

    /// <param name="routes">The routes in order; empty means one route taking every alert to every receiver.</param>
    /// <param name="receivers">Every configured receiver.</param>
    public NotificationRouter(IReadOnlyList<NotificationRoute> routes, IReadOnlyList<string> receivers)
    {
        _receivers = receivers;
        _routes = routes.Count > 0 ? routes : [new NotificationRoute(new Dictionary<string, string>(), false, receivers)];
        _fallback = _routes.LastOrDefault(r => r.IsDefault);
    }

    public IReadOnlyList<string> ReceiversFor(AlertLabels labels)
    {
        var chosen = new List<string>();
        var matched = false;
        foreach (var route in _routes)
        {
            if (!Matches(route, labels))
            {
                continue;
            }

            matched = true;
            AddNew(chosen, route.Receivers);
            if (!route.Continue)
            {
                break;
            }
        }

        if (!matched && _fallback is not null)
        {
            AddNew(chosen, _fallback.Receivers);
        }

        if (NotificationFailingAlert.ReceiverOf(labels) is { } failing)
        {
            chosen.RemoveAll(r => string.Equals(r, failing, StringComparison.Ordinal));
            if (chosen.Count == 0)
            {
                chosen.AddRange(_receivers.Where(r => !string.Equals(r, failing, StringComparison.Ordinal)));
            }
        }

        return chosen;
    }

    private static bool Matches(NotificationRoute route, AlertLabels labels) =>
        route.Match.All(pair => string.Equals(NotificationLabels.Value(labels, pair.Key), pair.Value, StringComparison.Ordinal));

    private static void AddNew(List<string> chosen, IEnumerable<string> receivers)
    {
        foreach (var receiver in receivers)
        {
            if (!chosen.Contains(receiver, StringComparer.Ordinal))
            {
                chosen.Add(receiver);
            }
        }
    }
}
