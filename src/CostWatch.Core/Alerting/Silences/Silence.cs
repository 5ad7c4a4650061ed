namespace CostWatch.Core.Alerting.Silences;

/// <summary>
/// Mutes the alerts whose labels satisfy all of <see cref="Matchers"/> from <see cref="StartsAt"/> (included) to
/// <see cref="EndsAt"/> (excluded). A muted alert keeps its state and stays visible (with <c>silencedBy</c>);
/// it is only not notified. Deleting a silence expires it (moves <see cref="EndsAt"/> to the time of the delete),
/// so its history stays. Times are UTC.
/// </summary>
public sealed record Silence(
    Guid Id,
    IReadOnlyList<LabelMatcher> Matchers,
    DateTime StartsAt,
    DateTime EndsAt,
    string CreatedBy,
    string Comment,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>A new silence, checked with <see cref="Validate"/>; created and updated at <paramref name="now"/>.</summary>
    /// <exception cref="InvalidSilenceException">Every problem <see cref="Validate"/> finds.</exception>
    public static Silence Create(Guid id, IReadOnlyList<LabelMatcher> matchers, DateTime startsAt, DateTime endsAt,
        string createdBy, string comment, DateTime now)
    {
        var problems = Validate(matchers, startsAt, endsAt, createdBy, comment, now);
        if (problems.Count > 0)
        {
            throw new InvalidSilenceException(problems);
        }

        return new Silence(id, matchers, startsAt, endsAt, createdBy.Trim(), comment.Trim(), now, now);
    }

    /// <summary>
    /// Everything wrong with a silence to be created at <paramref name="now"/>, like Alertmanager: at least one
    /// matcher, and at least one that does not match the empty string (so a silence cannot mute every alert by
    /// accident: <c>agent=~".*"</c> alone is refused); <c>endsAt</c> after <c>startsAt</c> and after now (a silence
    /// that is over when made is a mistake); <c>createdBy</c> and <c>comment</c> not blank.
    /// </summary>
    public static IReadOnlyList<SilenceProblem> Validate(IReadOnlyList<LabelMatcher>? matchers, DateTime startsAt,
        DateTime endsAt, string? createdBy, string? comment, DateTime now)
    {
        var problems = new List<SilenceProblem>();
        if (matchers is null || matchers.Count == 0)
        {
            problems.Add(new SilenceProblem("matchers", "matchers must hold at least one label matcher"));
        }
        else if (matchers.All(m => m.MatchesValue("")))
        {
            problems.Add(new SilenceProblem("matchers",
                $"matchers ({string.Join(", ", matchers)}) all match the empty string and so would silence every alert; " +
                "add a matcher that needs a label value, such as agent=\"researcher\""));
        }

        if (endsAt <= startsAt)
        {
            problems.Add(new SilenceProblem("endsAt", $"endsAt ({endsAt:o}) must be after startsAt ({startsAt:o})"));
        }
        else if (endsAt <= now)
        {
            problems.Add(new SilenceProblem("endsAt", $"endsAt ({endsAt:o}) is in the past (now is {now:o})"));
        }

        if (string.IsNullOrWhiteSpace(createdBy))
        {
            problems.Add(new SilenceProblem("createdBy", "createdBy is required: who is creating the silence"));
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            problems.Add(new SilenceProblem("comment", "comment is required: why the alerts are silenced"));
        }

        return problems;
    }

    /// <summary>Value equality, the matchers compared element by element (a record would compare the list's reference).</summary>
    public bool Equals(Silence? other) =>
        other is not null && Id == other.Id && Matchers.SequenceEqual(other.Matchers) && StartsAt == other.StartsAt
        && EndsAt == other.EndsAt && string.Equals(CreatedBy, other.CreatedBy, StringComparison.Ordinal)
        && string.Equals(Comment, other.Comment, StringComparison.Ordinal) && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt;

    public override int GetHashCode() => HashCode.Combine(Id, StartsAt, EndsAt, CreatedAt, UpdatedAt);

    /// <summary>Whether the silence mutes matching alerts at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTime now) => StateAt(now) == SilenceState.Active;

    /// <summary>Whether the labels satisfy every matcher (active or not).</summary>
    public bool Matches(AlertLabels labels) => Matchers.All(m => m.Matches(labels));

    /// <summary>Expired once <see cref="EndsAt"/> has come (checked first: an expired pending silence is expired), else pending before <see cref="StartsAt"/>, else active.</summary>
    public SilenceState StateAt(DateTime now) =>
        now >= EndsAt ? SilenceState.Expired : now < StartsAt ? SilenceState.Pending : SilenceState.Active;
}
