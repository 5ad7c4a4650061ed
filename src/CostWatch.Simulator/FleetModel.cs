namespace CostWatch.Simulator;

/// <summary>
/// A model the fleet calls, as its spans name it. Every model is one of CostWatch's built-in catalog, with the
/// catalog's context window (a test holds the two together).
/// </summary>
/// <param name="Provider"><c>gen_ai.provider.name</c> as the semantic conventions spell it.</param>
/// <param name="Model">Request and response model.</param>
/// <param name="ContextWindow">Input tokens the model accepts.</param>
/// <param name="ServerAddress"><c>server.address</c> of the provider's API.</param>
/// <param name="Reasons">Whether it reports reasoning tokens (part of its output tokens).</param>
internal sealed record FleetModel(string Provider, string Model, long ContextWindow, string ServerAddress, bool Reasons);
