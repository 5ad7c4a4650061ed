using CostWatch.Core.Alerting.Engine;

namespace CostWatch.Storage.Alerting;

/// <summary>What an evaluation round reads under the evaluation lock: the open instances and each rule's health.</summary>
public sealed record AlertRoundState(IReadOnlyList<AlertInstance> OpenInstances, IReadOnlyDictionary<string, RuleHealth> Health);
