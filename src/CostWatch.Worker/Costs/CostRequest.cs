namespace CostWatch.Worker.Costs;

/// <summary>
/// A cost query as the caller wrote it (query string or command line), not yet checked. <see cref="GroupBy"/>
/// items may each be comma-separated lists; <see cref="Filters"/> are (parameter name, value) pairs.
/// </summary>
internal sealed record CostRequest
{
    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>The command's <c>--since</c>: the range ends now and starts this long before.</summary>
    public TimeSpan? Since { get; init; }

    public IReadOnlyList<string> GroupBy { get; init; } = [];

    public string? Step { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Filters { get; init; } = [];
}
