using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>One row of the pricing table: a call and the cost worked out by hand.</summary>
public sealed record PricingCase
{
    /// <summary>When the table's calls start unless a case says otherwise: before the user's gpt-4o price applies.</summary>
    public static readonly DateTime DefaultStart = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    public required string Name { get; init; }

    public string? Provider { get; init; }

    public string? ResponseModel { get; init; }

    public string? RequestModel { get; init; }

    public string Operation { get; init; } = "chat";

    public long Input { get; init; }

    public long CacheRead { get; init; }

    public long CacheWrite { get; init; }

    public long Output { get; init; }

    public long Reasoning { get; init; }

    public TokenConvention Convention { get; init; }

    public decimal? Reported { get; init; }

    public DateTime Start { get; init; } = DefaultStart;

    public required CostSource ExpectedSource { get; init; }

    public decimal? ExpectedAmount { get; init; }

    public string? ExpectedEntry { get; init; }

    public string? ExpectedEntrySource { get; init; }

    public LlmCall ToCall() => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = 1,
        StartTime = Start,
        EndTime = Start.AddSeconds(1),
        ReceivedAt = Start.AddSeconds(2),
        Operation = Operation,
        Provider = Provider,
        ResponseModel = ResponseModel,
        RequestModel = RequestModel,
        InputTokens = Input,
        CacheReadTokens = CacheRead,
        CacheWriteTokens = CacheWrite,
        OutputTokens = Output,
        ReasoningTokens = Reasoning,
        Convention = Convention,
        ReportedCostUsd = Reported,
    };

    public override string ToString() => Name;
}
