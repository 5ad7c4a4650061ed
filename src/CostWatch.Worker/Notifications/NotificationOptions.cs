namespace CostWatch.Worker.Notifications;

/// <summary>
/// <c>CostWatch:Notifications</c>: receivers, routes, grouping and delivery (README "Notifications"), read by
/// <see cref="NotificationConfiguration"/>.
/// </summary>
internal sealed class NotificationOptions
{
    public const string Section = "CostWatch:Notifications";

    /// <summary>Grouping when <see cref="GroupBy"/> is not set: one group per rule.</summary>
    public static readonly IReadOnlyList<string> DefaultGroupBy = ["rule"];

    /// <summary>Where CostWatch's API is reached from outside: the base of each alert's <c>generatorUrl</c>.</summary>
    public string ExternalUrl { get; set; } = "http://localhost:4318";

    /// <summary>Labels whose values make a group; null means <see cref="DefaultGroupBy"/>. <c>...</c> groups by every label.</summary>
    public string[]? GroupBy { get; set; }

    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>A notice still undelivered this long after it was made is dead-lettered.</summary>
    public TimeSpan DeliveryDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The backoff after a first failed attempt; it doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered and dead notices (and dispatched outbox events) are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public Dictionary<string, ReceiverOptions> Receivers { get; set; } = [];

    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>What could not be read (unknown keys, values of the wrong kind), each naming its key: start-up failures.</summary>
    public List<string> Problems { get; } = [];

    public IReadOnlyList<string> EffectiveGroupBy => GroupBy is { Length: > 0 } groupBy ? groupBy : DefaultGroupBy;
}
