namespace CostWatch.Core.Notifications;

/// <summary>How one attempt to deliver a notice ended, as a sender reports it.</summary>
public abstract record DeliveryOutcome
{
    /// <summary>The receiver accepted the notice.</summary>
    public sealed record Delivered : DeliveryOutcome;

    /// <summary>
    /// A failure worth retrying (the receiver is down, slow, or asked to wait); <paramref name="After"/> is the
    /// receiver's own wish (<c>Retry-After</c>), else the dispatcher backs off.
    /// </summary>
    public sealed record Retry(string Error, TimeSpan? After) : DeliveryOutcome;

    /// <summary>A failure that retrying cannot fix (the receiver refused the notice): dead-lettered at once.</summary>
    public sealed record Dead(string Error) : DeliveryOutcome;
}
