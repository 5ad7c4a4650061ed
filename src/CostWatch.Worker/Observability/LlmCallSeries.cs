using CostWatch.Core.Pricing;

namespace CostWatch.Worker.Observability;

/// <summary>
/// What the metrics read of an LLM call to choose its series, before label values are capped: calls alike in all
/// of it land in the same series of every record-derived instrument.
/// </summary>
internal readonly record struct LlmCallSeries(
    string? AgentName,
    string? Provider,
    string? RequestModel,
    string? ResponseModel,
    string Operation,
    string? ErrorType,
    bool Failed,
    CostSource CostSource);
