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
}
