namespace CostWatch.Benchmarks.Payload;

/// <summary>One model as agents call it: who serves it, the names requests and responses carry, where it lives.</summary>
internal sealed record ModelProfile(
    string Provider, string RequestModel, string ResponseModel, string ServerAddress, bool Reasons,
    double InputUsdPerToken, double OutputUsdPerToken);
