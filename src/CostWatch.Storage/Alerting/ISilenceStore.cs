using CostWatch.Core.Alerting.Silences;

namespace CostWatch.Storage.Alerting;

/// <summary>
/// Silences in <c>alert_silences</c>. Times are kept to the microsecond (finer parts are truncated). Like
/// <see cref="ITelemetryStore"/>, every method completes or throws.
/// </summary>
public interface ISilenceStore
{
    /// <summary>Stores a new silence (made with <see cref="Silence.Create"/>).</summary>
    Task CreateAsync(Silence silence, CancellationToken cancellationToken);

    /// <summary>Every silence, expired ones included, newest (by creation) first.</summary>
    Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One silence, or null when there is none with that id.</summary>
    Task<Silence?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the silence at <paramref name="now"/> unless it has ended already (then it is left as it is); a silence
    /// that had not started yet also starts at <paramref name="now"/>, so it never becomes active. Returns whether
    /// a silence with that id exists.
    /// </summary>
    Task<bool> ExpireAsync(Guid id, DateTime now, CancellationToken cancellationToken);

    /// <summary>The silences active at <paramref name="now"/> (startsAt &lt;= now &lt; endsAt), newest first.</summary>
    Task<IReadOnlyList<Silence>> ListActiveAsync(DateTime now, CancellationToken cancellationToken);
}
