using CostWatch.Core.Alerting.Data;

namespace CostWatch.Storage.Alerting;

/// <summary>
/// The alert engine's storage: the samples its rules read (written by the rollup pass), and the round that moves
/// alert state, writing instances, outbox events and rule health in one transaction.
/// </summary>
public interface IAlertStore
{
    /// <summary>Per agent, the runs received since <paramref name="since"/> and those with more than <paramref name="maxIterations"/>.</summary>
    Task<IReadOnlyList<IterationCounts>> ReadRunIterationsAsync(DateTime since, int maxIterations, CancellationToken cancellationToken);

    Task<IReadOnlyList<DurationCounts>> ReadRunDurationsAsync(DateTime since, CancellationToken cancellationToken);

    Task<IReadOnlyList<ToolCounts>> ReadToolCallsAsync(DateTime since, CancellationToken cancellationToken);

    Task<IReadOnlyList<LlmCounts>> ReadLlmCallsAsync(DateTime since, CancellationToken cancellationToken);

    /// <summary>The registry of agents.</summary>
    Task<IReadOnlyList<KnownAgent>> ReadAgentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Spend per group of <paramref name="groupBy"/> (agent, model, provider, service, user or a custom dimension)
    /// from the cost rollups: since <paramref name="periodStart"/>, and since <paramref name="recentSince"/>.
    /// </summary>
    Task<IReadOnlyList<GroupSpend>> ReadSpendAsync(IReadOnlyList<string> groupBy, DateTime periodStart,
        DateTime recentSince, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one evaluation round under the evaluation lock: reads the open instances and rule health, lets
    /// <paramref name="decide"/> compute the changes, and writes them with the outbox events in the same transaction.
    /// Returns false, changing nothing, when another replica holds the lock or ran a round less than
    /// <paramref name="minimumGap"/> before <paramref name="now"/>.
    /// </summary>
    Task<bool> RunAlertRoundAsync(DateTime now, TimeSpan minimumGap, Func<AlertRoundState, AlertRoundChanges> decide,
        CancellationToken cancellationToken);

    /// <summary>Deletes resolved instances that resolved before <paramref name="before"/>.</summary>
    Task<long> PruneResolvedAlertsAsync(DateTime before, CancellationToken cancellationToken);
}
