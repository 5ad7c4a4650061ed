namespace CostWatch.Core.Pricing;

/// <summary>
/// A catalog file in CostWatch's own format (the built-in <c>litellm-catalog.json</c>): the entries and where
/// they came from, so any shipped price can be traced back to the exact source file.
/// </summary>
public sealed class PriceCatalogDocument
{
    /// <summary>Where the prices were taken from, e.g. LiteLLM's file and the mirror it was fetched from.</summary>
    public required string Source { get; init; }

    /// <summary>The source repository's commit the file was taken at.</summary>
    public required string SourceCommit { get; init; }

    /// <summary>Lower-case hex SHA-256 of the source file the entries were derived from.</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>The source's own snapshot stamp (LiteLLM's <c>last_updated</c>).</summary>
    public required string Snapshot { get; init; }

    public required string License { get; init; }

    /// <summary>Every entry, prices in USD per token, ordered by id.</summary>
    public required IReadOnlyList<PriceEntry> Entries { get; init; }
}
