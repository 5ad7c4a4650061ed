namespace CostWatch.Storage.Notifications;

/// <summary>A receiver's group an outbox event goes to.</summary>
public sealed record GroupTarget(string Receiver, string GroupKey, IReadOnlyDictionary<string, string> GroupLabels);
