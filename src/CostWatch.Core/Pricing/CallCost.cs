namespace CostWatch.Core.Pricing;

/// <summary>The cost of one LLM call and its provenance: where the amount came from and which entry priced it.</summary>
public sealed record CallCost
{
    /// <summary>USD; null exactly when <see cref="Source"/> is <see cref="CostSource.Unpriced"/>.</summary>
    public decimal? Amount { get; init; }

    public CostSource Source { get; init; }

    /// <summary>
    /// The entry that priced the call; also recorded for a reported cost when the model is known, and for an
    /// unpriced call whose entry lacks a rate its tokens need (an entry with output prices only, for example).
    /// </summary>
    public PriceEntry? Entry { get; init; }

    /// <summary>The matched entry's id or pattern.</summary>
    public string? EntryId => Entry?.Key;

    /// <summary>The matched entry's source: <see cref="PriceEntry.BuiltInSource"/> or a user file name.</summary>
    public string? EntrySource => Entry?.Source;

    /// <summary>The long-context tier whose rates priced the call, if its input exceeded one.</summary>
    public PriceTier? Tier { get; init; }

    public required TokenBuckets Buckets { get; init; }

    /// <summary>The amount per bucket when <see cref="Source"/> is <see cref="CostSource.Computed"/>.</summary>
    public CostBreakdown? Breakdown { get; init; }
}
