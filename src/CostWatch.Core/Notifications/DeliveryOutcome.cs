namespace CostWatch.Core.Notifications;

/// <summary>What one delivery attempt of a notice came to.</summary>
public abstract record DeliveryOutcome
{
    public sealed record Delivered : DeliveryOutcome;

    /// <summary>Worth another attempt, no sooner than <see cref="After"/> when the receiver said so.</summary>
    public sealed record Retry(string Error, TimeSpan? After) : DeliveryOutcome;

    /// <summary>No attempt will succeed: dead-letter the notice.</summary>
    public sealed record Dead(string Error) : DeliveryOutcome;
}
