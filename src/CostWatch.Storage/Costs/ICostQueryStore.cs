using CostWatch.Core.Costs;

namespace CostWatch.Storage.Costs;

/// <summary>
/// The read side of cost accounting: sums over the rollup tables (<c>llm_rollups</c>, <c>run_rollups</c>). Money
/// is summed exactly in the database (numeric on PostgreSQL, <c>decimal_sum</c> on SQLite) and returned as
/// <see cref="decimal"/>. Like <see cref="ITelemetryStore"/>, every method completes or throws.
/// </summary>
public interface ICostQueryStore
{
    /// <summary>LLM usage and cost per distinct combination of the query's dimensions (and step bucket), unordered.</summary>
    Task<IReadOnlyList<CostRow>> QueryCostsAsync(CostQuery query, CancellationToken cancellationToken);

    /// <summary>Sessions of the range in the query's order, at most <see cref="SessionQuery.Limit"/>.</summary>
    Task<IReadOnlyList<SessionSummary>> QuerySessionsAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>Everything kept about one session, or null when no rollup knows it.</summary>
    Task<SessionDetail?> GetSessionAsync(string session, CancellationToken cancellationToken);
}
