using CostWatch.Core.Pricing;

namespace CostWatch.Core.Records;

/// <summary>One inference or embedding call: the only kind of span whose tokens are priced.</summary>
public sealed class LlmCall : AttributedCall
{
    /// <summary><c>chat</c>, <c>text_completion</c>, <c>generate_content</c> or <c>embeddings</c>.</summary>
    public required string Operation { get; init; }

    public string? Provider { get; init; }

    public string? RequestModel { get; init; }

    public string? ResponseModel { get; init; }

    /// <summary>Input tokens as reported; see <see cref="Convention"/> for whether they include cached ones.</summary>
    public long InputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    /// <summary>Output tokens as reported, reasoning tokens included.</summary>
    public long OutputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public TokenConvention Convention { get; init; }

    /// <summary>A cost the emitter computed itself (USD); authoritative when present.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>The cost in USD, set when the call is priced (at ingest, again by a re-pricing run); null while unpriced.</summary>
    public decimal? CostUsd { get; set; }

    public CostSource CostSource { get; set; }

    /// <summary>The id (or pattern) of the price entry that priced the call, when one matched.</summary>
    public string? PriceEntry { get; set; }

    /// <summary>Where that entry came from: <c>built-in</c> or the user price file's name.</summary>
    public string? PriceSource { get; set; }

    /// <summary>Records a cost and its provenance on the call.</summary>
    public void Apply(CallCost cost)
    {
        CostUsd = cost.Amount;
        CostSource = cost.Source;
        PriceEntry = cost.EntryId;
        PriceSource = cost.EntrySource;
    }
}
