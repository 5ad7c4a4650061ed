namespace CostWatch.Core.Pricing;

/// <summary>The LiteLLM modes whose calls CostWatch prices per token; every other mode is left out of the catalog.</summary>
public static class PriceModes
{
    public const string Chat = "chat";
    public const string Completion = "completion";
    public const string Responses = "responses";
    public const string Embedding = "embedding";

    public static bool IsPriced(string? mode) => mode is Chat or Completion or Responses or Embedding;
}
