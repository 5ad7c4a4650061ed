namespace CostWatch.Core.Alerting.Samples;

/// <summary>LLM calls of one agent to one model of one provider, received in one minute.</summary>
public sealed record LlmSampleKey(long BucketStart, string Agent, string Model, string Provider);
