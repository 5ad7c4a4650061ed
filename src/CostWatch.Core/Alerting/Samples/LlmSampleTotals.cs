namespace CostWatch.Core.Alerting.Samples;

public sealed class LlmSampleTotals
{
    public long Calls { get; set; }

    public long UnpricedCalls { get; set; }

    /// <summary>The most input tokens (cached included) of one call: what context-window pressure is judged on.</summary>
    public long MaxInputTokens { get; set; }
}
