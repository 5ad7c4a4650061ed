using CostWatch.Core.Alerting.Engine;

namespace CostWatch.Storage.Alerting;

/// <summary>
/// What an evaluation round writes, all in one transaction: the instances it changed (deleted ones are removed),
/// the outbox events, the rules' health, and the agents trace loss retired.
/// </summary>
public sealed record AlertRoundChanges(
    IReadOnlyList<AlertInstance> Instances,
    IReadOnlyList<AlertEvent> Events,
    IReadOnlyList<RuleHealth> Health,
    IReadOnlyList<string> RetiredAgents);
