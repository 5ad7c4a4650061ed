namespace CostWatch.Core.Records;

/// <summary>Whether the reported input tokens include the cache-read and cache-write tokens.</summary>
public enum TokenConvention : short
{
    /// <summary>OpenTelemetry's convention: input tokens include cached tokens.</summary>
    InputIncludesCache = 0,

    /// <summary>Anthropic's raw API value: input tokens exclude cached tokens (cache read + write exceeded input).</summary>
    InputExcludesCache = 1,
}
