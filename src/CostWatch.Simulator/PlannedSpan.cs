using System.Diagnostics;

namespace CostWatch.Simulator;

/// <summary>
/// One span of a planned run: name, kind, attributes and times relative to the start of the run's root span.
/// A run is planned whole before it is played, so a parent's end is known to come after its children's.
/// </summary>
internal sealed class PlannedSpan
{
    public required string Name { get; init; }

    public required ActivityKind Kind { get; init; }

    public required TimeSpan Start { get; init; }

    public required TimeSpan End { get; init; }

    public required IReadOnlyList<KeyValuePair<string, object?>> Attributes { get; init; }

    /// <summary><c>error.type</c> of a failed operation (the span's status is then ERROR), or null.</summary>
    public string? ErrorType { get; init; }

    public IReadOnlyList<PlannedSpan> Children { get; init; } = [];

    /// <summary>This span and all beneath it, parents before children.</summary>
    public IEnumerable<PlannedSpan> SelfAndDescendants() =>
        Children.SelectMany(child => child.SelfAndDescendants()).Prepend(this);
}
