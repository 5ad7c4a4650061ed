namespace CostWatch.Core.Alerting.Data;

/// <summary>One agent's calls to one model of one provider in a rule's window.</summary>
public sealed record LlmCounts(string Agent, string Model, string Provider, long Calls, long UnpricedCalls, long MaxInputTokens);
