using CostWatch.Core.Notifications;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Notifications;

/// <summary>
/// The notification configuration in force, built once from the validated options: the receivers with their senders
/// and secrets, the router, the grouping and the timers.
/// </summary>
internal sealed class NotificationReceivers
{
    private readonly Dictionary<string, ConfiguredReceiver> _receivers;

    public NotificationReceivers(IOptions<NotificationOptions> options, IEnumerable<INoticeSender> senders)
    {
        var value = options.Value;
        var byType = senders.ToDictionary(s => s.ReceiverType, StringComparer.OrdinalIgnoreCase);
        _receivers = value.Receivers.ToDictionary(
            pair => pair.Key,
            pair => new ConfiguredReceiver(pair.Key, ReceiverSecrets.Resolve(pair.Value), byType[pair.Value.Type]),
            StringComparer.Ordinal);
        Names = [.. _receivers.Keys.Order(StringComparer.Ordinal)];
        Router = new NotificationRouter(
            value.Routes.Select(r => new NotificationRoute(r.Match, r.Continue, r.Receivers)).ToList(), Names);
        Grouping = new NotificationGrouping(value.EffectiveGroupBy);
        Timings = new NoticeTimings(value.GroupWait, value.GroupInterval, value.RepeatInterval);
        Schedule = new DeliverySchedule(value.RetryDelay, value.MaxRetryDelay);
        ExternalUrl = value.ExternalUrl.TrimEnd('/');
        DeliveryDeadline = value.DeliveryDeadline;
        Retention = value.Retention;
    }

    /// <summary>Every receiver's name, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Enabled => Names.Count > 0;

    public NotificationRouter Router { get; }

    public NotificationGrouping Grouping { get; }

    public NoticeTimings Timings { get; }

    public DeliverySchedule Schedule { get; }

    public string ExternalUrl { get; }

    public TimeSpan DeliveryDeadline { get; }

    public TimeSpan Retention { get; }

    public ConfiguredReceiver? Find(string name) => _receivers.GetValueOrDefault(name);
}
