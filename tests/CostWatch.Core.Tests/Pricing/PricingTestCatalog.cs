using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>
/// Fixed prices for the pricing table, independent of the shipped catalog (whose prices change on refresh).
/// The built-in part is LiteLLM-format text and the user part CostWatch's own format, so both parsers feed it.
/// Some prices differ from the real ones on purpose, so that each test can tell which entry priced a call.
/// </summary>
internal static class PricingTestCatalog
{
    public const string UserFileName = "prices.json";

    public const string BuiltInJson = """
        {
          "sample_spec": { "input_cost_per_token": 0.0, "mode": "one of: chat, embedding, completion" },
          "last_updated": "2026-07-24T00:00:00+00:00",
          "gpt-4o": { "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000,
            "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
            "input_cost_per_token_priority": 4.25e-06 },
          "gpt-4o-2024-05-13": { "litellm_provider": "openai", "mode": "chat",
            "input_cost_per_token": 5e-06, "output_cost_per_token": 1.5e-05 },
          "azure/gpt-4o": { "litellm_provider": "azure", "mode": "chat",
            "input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05, "cache_read_input_token_cost": 1.375e-06 },
          "o3": { "litellm_provider": "openai", "mode": "chat",
            "input_cost_per_token": 2e-06, "output_cost_per_token": 8e-06, "cache_read_input_token_cost": 5e-07 },
          "gemini-2.5-flash": { "litellm_provider": "vertex_ai-language-models", "mode": "chat",
            "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06, "output_cost_per_reasoning_token": 3.5e-06 },
          "claude-sonnet-4-5": { "litellm_provider": "anthropic", "mode": "chat", "max_input_tokens": 200000,
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
            "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06,
            "cache_creation_input_token_cost_above_1hr": 6e-06,
            "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05,
            "cache_read_input_token_cost_above_200k_tokens": 6e-07,
            "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06 },
          "anthropic.claude-sonnet-4-5-20250929-v1:0": { "litellm_provider": "bedrock_converse", "mode": "chat",
            "input_cost_per_token": 3.3e-06, "output_cost_per_token": 1.65e-05 },
          "claude-haiku-4-5": { "litellm_provider": "anthropic", "mode": "chat",
            "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06,
            "cache_read_input_token_cost": 1e-07, "cache_creation_input_token_cost": 1.25e-06 },
          "gemini-2.5-pro": { "litellm_provider": "vertex_ai-language-models", "mode": "chat",
            "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07,
            "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05,
            "cache_read_input_token_cost_above_200k_tokens": 2.5e-07 },
          "xai/grok-4": { "litellm_provider": "xai", "mode": "chat",
            "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 7.5e-07,
            "input_cost_per_token_above_128k_tokens": 6e-06, "output_cost_per_token_above_128k_tokens": 3e-05 },
          "dashscope/qwen3-max": { "litellm_provider": "dashscope", "mode": "chat", "tiered_pricing": [
            { "range": [0, 32000.0], "input_cost_per_token": 1.2e-06, "output_cost_per_token": 6e-06 },
            { "range": [32000.0, 128000.0], "input_cost_per_token": 2.4e-06, "output_cost_per_token": 1.2e-05 },
            { "range": [128000.0, 252000.0], "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05 } ] },
          "text-embedding-3-small": { "litellm_provider": "openai", "mode": "embedding",
            "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0 },
          "output-only-model": { "litellm_provider": "bedrock", "mode": "chat", "output_cost_per_token": 1e-06 },
          "dall-e-3": { "litellm_provider": "openai", "mode": "image_generation", "input_cost_per_token": 1e-06 },
          "mistral-large-latest": { "litellm_provider": "mistral", "mode": "chat",
            "input_cost_per_token": 2e-06, "output_cost_per_token": 6e-06 }
        }
        """;

    public const string UserJson = """
        { "models": [
          { "id": "gpt-4o", "inputPerMillion": 2, "outputPerMillion": 8, "effectiveFrom": "2026-03-01" },
          { "id": "my-model", "inputPerMillion": 1, "outputPerMillion": 2 },
          { "id": "my-model", "inputPerMillion": 1.5, "outputPerMillion": 3, "effectiveFrom": "2026-06-01" },
          { "pattern": "^ft:gpt-4o.*$", "inputPerMillion": 3.75, "outputPerMillion": 15 },
          { "id": "claude-haiku-4-5", "provider": "aws.bedrock", "inputPerMillion": 0.8, "outputPerMillion": 4 },
          { "id": "acme-large", "inputPerMillion": 4, "outputPerMillion": 16, "cacheReadPerMillion": 0.4,
            "cacheWritePerMillion": 5, "reasoningPerMillion": 20,
            "tiers": [ { "aboveInputTokens": 100000, "inputPerMillion": 8, "outputPerMillion": 24 } ] },
          { "id": "acme-embed", "mode": "embedding", "inputPerMillion": 0.05 },
          { "pattern": "^mistral-large.*$", "inputPerMillion": 1, "outputPerMillion": 3 }
        ] }
        """;

    public static IReadOnlyList<PriceEntry> BuiltInEntries { get; } =
        LiteLlmPriceParser.Parse("test-litellm.json", BuiltInJson, PriceEntry.BuiltInSource);

    public static IReadOnlyList<PriceEntry> UserEntries { get; } = UserPriceFileParser.ParseJson(UserFileName, UserJson);

    public static PriceCatalog Catalog { get; } = new(BuiltInEntries, UserEntries);
}
