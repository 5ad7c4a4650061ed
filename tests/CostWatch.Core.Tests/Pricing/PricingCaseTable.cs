using CostWatch.Core.Pricing;
using CostWatch.Core.Records;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>
/// The pricing table: every amount is worked out by hand from <see cref="PricingTestCatalog"/>'s prices, with
/// the arithmetic in the comment (rates per token; "uncached" = input minus cache tokens).
/// </summary>
internal static class PricingCaseTable
{
    private const string BuiltIn = PriceEntry.BuiltInSource;
    private const string User = PricingTestCatalog.UserFileName;

    public static IReadOnlyDictionary<string, PricingCase> Cases { get; } = new PricingCase[]
    {
        // OpenAI: cached input is included in the input count (OTel convention).
        Computed("OpenAI plain", 0.0075m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 1_000, Output = 500 }, // 1000*2.5e-6 + 500*1e-5
        Computed("OpenAI cached input", 0.022m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 10_000, CacheRead = 4_000, Output = 200 }, // 6000*2.5e-6 + 4000*1.25e-6 + 200*1e-5
        Computed("OpenAI fully cached input", 0.005m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 4_000, CacheRead = 4_000 }, // 4000*1.25e-6
        Computed("OpenAI no tokens", 0m, "gpt-4o") with { ResponseModel = "gpt-4o" },
        Computed("Prefixed openai/ id", 0.0075m, "gpt-4o") with { ResponseModel = "openai/gpt-4o", Input = 1_000, Output = 500 },
        Computed("Dated snapshot with its own entry", 0.0065m, "gpt-4o-2024-05-13") with { ResponseModel = "gpt-4o-2024-05-13", Input = 1_000, Output = 100 }, // 1000*5e-6 + 100*1.5e-5
        Computed("Dated snapshot falls back to its model", 0.015m, "gpt-4o") with { ResponseModel = "gpt-4o-2024-08-06", Input = 2_000, Output = 1_000 }, // 2000*2.5e-6 + 1000*1e-5
        Computed("Upper-case id", 0.0075m, "gpt-4o") with { ResponseModel = "GPT-4o", Input = 1_000, Output = 500 },
        Computed("Prefixed, dated and upper-case id", 0.0014m, "gpt-4o") with { ResponseModel = "OpenAI/GPT-4o-2024-11-20", Input = 400, Output = 40 }, // 400*2.5e-6 + 40*1e-5
        Computed("Azure key as reported", 0.00385m, "azure/gpt-4o") with { ResponseModel = "azure/gpt-4o", Input = 1_000, Output = 100 }, // 1000*2.75e-6 + 100*1.1e-5
        Computed("Azure provider prefers azure/ key", 0.003575m, "azure/gpt-4o") with { Provider = "azure.ai.openai", ResponseModel = "gpt-4o", Input = 1_000, CacheRead = 200, Output = 100 }, // 800*2.75e-6 + 200*1.375e-6 + 100*1.1e-5
        Computed("Azure provider with dated snapshot", 0.00385m, "azure/gpt-4o") with { Provider = "azure.ai.openai", ResponseModel = "gpt-4o-2024-08-06", Input = 1_000, Output = 100 },
        Computed("Response model before request model", 0.0065m, "gpt-4o-2024-05-13") with { ResponseModel = "gpt-4o-2024-05-13", RequestModel = "gpt-4o", Input = 1_000, Output = 100 },
        Computed("Unknown response model, known request model", 0.0075m, "gpt-4o") with { ResponseModel = "mystery-2", RequestModel = "gpt-4o", Input = 1_000, Output = 500 },
        Computed("Request model only", 0.0075m, "gpt-4o") with { RequestModel = "gpt-4o", Input = 1_000, Output = 500 },

        // Reasoning tokens are part of the output count; their own rate where the entry has one.
        Computed("Reasoning at the output rate", 0.026m, "o3") with { ResponseModel = "o3", Input = 1_000, Output = 3_000, Reasoning = 2_000 }, // 1000*2e-6 + 1000*8e-6 + 2000*8e-6
        Computed("Reasoning with cached input", 0.0095m, "o3") with { ResponseModel = "o3", Input = 5_000, CacheRead = 3_000, Output = 500, Reasoning = 400 }, // 2000*2e-6 + 3000*5e-7 + 100*8e-6 + 400*8e-6
        Computed("Reasoning at its own rate", 0.0034m, "gemini-2.5-flash") with { ResponseModel = "gemini-2.5-flash", Input = 1_000, Output = 1_000, Reasoning = 600 }, // 1000*3e-7 + 400*2.5e-6 + 600*3.5e-6
        Computed("Reasoning reported outside the output", 0.0013m, "gemini-2.5-flash") with { ResponseModel = "gemini-2.5-flash", Output = 100, Reasoning = 300 }, // 100*2.5e-6 + 300*3.5e-6

        // Anthropic: cache read and write at their own rates, whichever input convention the emitter used.
        Computed("Anthropic input including cache", 0.0303m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 10_000, CacheRead = 6_000, CacheWrite = 2_000, Output = 1_000 }, // 2000*3e-6 + 6000*3e-7 + 2000*3.75e-6 + 1000*1.5e-5
        Computed("Anthropic input excluding cache", 0.0303m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 2_000, CacheRead = 6_000, CacheWrite = 2_000, Output = 1_000, Convention = TokenConvention.InputExcludesCache },
        Computed("Anthropic cache exceeding an inclusive input", 0.0033m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 500, CacheRead = 6_000 }, // 500*3e-6 + 6000*3e-7
        Computed("Anthropic dated snapshot", 0.0045m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5-20250929", Input = 1_000, Output = 100 }, // 1000*3e-6 + 100*1.5e-5
        Computed("Bedrock geo prefix", 0.00495m, "anthropic.claude-sonnet-4-5-20250929-v1:0") with { Provider = "aws.bedrock", ResponseModel = "us.anthropic.claude-sonnet-4-5-20250929-v1:0", Input = 1_000, Output = 100 }, // 1000*3.3e-6 + 100*1.65e-5
        Computed("Bedrock route and region", 0.00495m, "anthropic.claude-sonnet-4-5-20250929-v1:0") with { ResponseModel = "bedrock/us-east-1/anthropic.claude-sonnet-4-5-20250929-v1:0", Input = 1_000, Output = 100 },
        Computed("Bedrock id without its own entry", 0.0015m, "claude-haiku-4-5") with { Provider = "anthropic", ResponseModel = "eu.anthropic.claude-haiku-4-5-20251001-v1:0", Input = 1_000, Output = 100 }, // 1000*1e-6 + 100*5e-6
        Computed("Vertex @date snapshot", 0.009m, "claude-sonnet-4-5") with { Provider = "gcp.vertex_ai", ResponseModel = "claude-sonnet-4-5@20250929", Input = 2_000, Output = 200 }, // 2000*3e-6 + 200*1.5e-5

        // Long context: above the threshold the whole call moves to the tier's rates.
        Computed("Long context at the threshold stays base", 0.615m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 200_000, Output = 1_000 }, // 200000*3e-6 + 1000*1.5e-5
        Computed("Long context above the threshold", 1.222506m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 200_001, Output = 1_000 }, // 200001*6e-6 + 1000*2.25e-5
        Computed("Long context reached through cache tokens", 1.08m, "claude-sonnet-4-5") with { ResponseModel = "claude-sonnet-4-5", Input = 250_000, CacheRead = 100_000, CacheWrite = 50_000, Output = 2_000 }, // 100000*6e-6 + 100000*6e-7 + 50000*7.5e-6 + 2000*2.25e-5
        Computed("Long context cache write at the tier input rate", 0.54m, "gemini-2.5-pro") with { ResponseModel = "gemini-2.5-pro", Input = 300_000, CacheRead = 100_000, CacheWrite = 10_000, Output = 1_000 }, // 190000*2.5e-6 + 100000*2.5e-7 + 10000*2.5e-6 + 1000*1.5e-5
        Computed("Long context tier without a cache rate keeps the base one", 0.6675m, "xai/grok-4") with { Provider = "x_ai", ResponseModel = "grok-4", Input = 150_000, CacheRead = 50_000, Output = 1_000 }, // 100000*6e-6 + 50000*7.5e-7 + 1000*3e-5
        Computed("Tiered pricing, highest range", 0.465m, "dashscope/qwen3-max") with { ResponseModel = "dashscope/qwen3-max", Input = 150_000, Output = 1_000 }, // 150000*3e-6 + 1000*1.5e-5
        Computed("Tiered pricing, middle range", 0.132m, "dashscope/qwen3-max") with { ResponseModel = "dashscope/qwen3-max", Input = 50_000, Output = 1_000 }, // 50000*2.4e-6 + 1000*1.2e-5
        Computed("Tiered pricing, first range", 0.0366m, "dashscope/qwen3-max") with { ResponseModel = "dashscope/qwen3-max", Input = 25_000, Output = 1_100 }, // 25000*1.2e-6 + 1100*6e-6

        // Embeddings: input only.
        Computed("Embedding", 0.0002469m, "text-embedding-3-small") with { Operation = "embeddings", RequestModel = "text-embedding-3-small", Input = 12_345 }, // 12345*2e-8
        Computed("Embedding ignores output tokens", 0.00002m, "text-embedding-3-small") with { Operation = "embeddings", RequestModel = "text-embedding-3-small", Input = 1_000, Output = 50 }, // 1000*2e-8
        Computed("Embedding with prefixed id", 0.00002m, "text-embedding-3-small") with { Operation = "embeddings", RequestModel = "openai/text-embedding-3-small", Input = 1_000 },

        // A cost the emitter reports wins; the entry the model matches is still recorded.
        Reported("Reported cost beats the catalog", 0.0123m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 1_000, Output = 500, Reported = 0.0123m },
        Reported("Reported cost for an unknown model", 0.5m, null) with { ResponseModel = "mystery-model", Input = 1_000, Reported = 0.5m },
        Reported("Reported zero cost", 0m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 1_000, Reported = 0m },

        // Unpriced is never $0.
        Unpriced("Unknown model", null) with { ResponseModel = "mystery-model", Input = 1_000, Output = 100 },
        Unpriced("No model at all", null) with { Input = 1_000, Output = 100 },
        Unpriced("Entry without the input price the call needs", "output-only-model") with { ResponseModel = "output-only-model", Input = 1_000, Output = 100 },
        Computed("Entry with only the price the call needs", 0.001m, "output-only-model") with { ResponseModel = "output-only-model", Output = 1_000 }, // 1000*1e-6
        Unpriced("Mode the catalog does not price", null) with { ResponseModel = "dall-e-3", Input = 1_000 },

        // User entries win over built-in ones, and prices are effective-dated.
        Computed("User model before its price change", 0.003m, "my-model", User) with { ResponseModel = "my-model", Input = 1_000, Output = 1_000 }, // 1000*1e-6 + 1000*2e-6
        Computed("User model at its price change", 0.0045m, "my-model", User) with { ResponseModel = "my-model", Input = 1_000, Output = 1_000, Start = Utc(2026, 6, 1) }, // 1000*1.5e-6 + 1000*3e-6
        Computed("User model after its price change", 0.0045m, "my-model", User) with { ResponseModel = "my-model", Input = 1_000, Output = 1_000, Start = Utc(2026, 7, 1) },
        Computed("User entry beats built-in once effective", 0.006m, "gpt-4o", User) with { ResponseModel = "gpt-4o", Input = 1_000, Output = 500, Start = Utc(2026, 4, 1) }, // 1000*2e-6 + 500*8e-6
        Computed("User entry not yet effective", 0.0075m, "gpt-4o") with { ResponseModel = "gpt-4o", Input = 1_000, Output = 500, Start = Utc(2026, 2, 28, 23, 59, 59) },
        Computed("User entry beats a built-in snapshot", 0.006m, "gpt-4o", User) with { ResponseModel = "gpt-4o-2024-05-13", Input = 1_000, Output = 500, Start = Utc(2026, 4, 1) },
        Computed("User pattern", 0.00525m, "^ft:gpt-4o.*$", User) with { ResponseModel = "ft:gpt-4o-2024-08-06:acme::abc123", Input = 1_000, Output = 100 }, // 1000*3.75e-6 + 100*1.5e-5
        Computed("User entry for its provider", 0.0012m, "claude-haiku-4-5", User) with { Provider = "aws.bedrock", ResponseModel = "claude-haiku-4-5", Input = 1_000, Output = 100 }, // 1000*8e-7 + 100*4e-6
        Computed("User entry skips other providers", 0.0015m, "claude-haiku-4-5") with { Provider = "anthropic", ResponseModel = "claude-haiku-4-5", Input = 1_000, Output = 100 }, // 1000*1e-6 + 100*5e-6
        Computed("User pattern beats a built-in id", 0.004m, "^mistral-large.*$", User) with { ResponseModel = "mistral-large-latest", Input = 1_000, Output = 1_000 }, // 1000*1e-6 + 1000*3e-6 (built-in: 0.008)

        // A user entry's own cache, reasoning, tier and embedding rates, quoted per million tokens.
        Computed("User entry with cache and reasoning rates", 0.0858m, "acme-large", User) with { ResponseModel = "acme-large", Input = 10_000, CacheRead = 2_000, CacheWrite = 1_000, Output = 3_000, Reasoning = 1_000 }, // 7000*4e-6 + 2000*4e-7 + 1000*5e-6 + 2000*1.6e-5 + 1000*2e-5
        Computed("User entry, Anthropic input excluding cache", 0.0094m, "acme-large", User) with { ResponseModel = "acme-large", Input = 500, CacheRead = 2_000, CacheWrite = 1_000, Output = 100, Convention = TokenConvention.InputExcludesCache }, // 500*4e-6 + 2000*4e-7 + 1000*5e-6 + 100*1.6e-5
        Computed("User entry at its tier threshold stays base", 0.416m, "acme-large", User) with { ResponseModel = "acme-large", Input = 100_000, Output = 1_000 }, // 100000*4e-6 + 1000*1.6e-5
        Computed("User entry above its tier threshold", 1.224m, "acme-large", User) with { ResponseModel = "acme-large", Input = 150_000, Output = 1_000 }, // 150000*8e-6 + 1000*2.4e-5
        Computed("User tier without a cache rate keeps the entry's", 0.844m, "acme-large", User) with { ResponseModel = "acme-large", Input = 150_000, CacheRead = 50_000, Output = 1_000 }, // 100000*8e-6 + 50000*4e-7 + 1000*2.4e-5
        Computed("User entry, prefixed and dated id", 0.0056m, "acme-large", User) with { ResponseModel = "openrouter/acme-large-2026-01-15", Input = 1_000, Output = 100 }, // 1000*4e-6 + 100*1.6e-5
        Computed("User embedding entry", 0.001m, "acme-embed", User) with { Operation = "embeddings", RequestModel = "acme-embed", Input = 20_000, Output = 10 }, // 20000*5e-8
        Reported("Reported cost beats a user entry", 0.42m, "my-model", User) with { ResponseModel = "my-model", Input = 1_000, Output = 1_000, Reported = 0.42m },
    }.ToDictionary(c => c.Name);

    private static PricingCase Computed(string name, decimal amount, string entry, string source = BuiltIn) => new()
    {
        Name = name,
        ExpectedSource = CostSource.Computed,
        ExpectedAmount = amount,
        ExpectedEntry = entry,
        ExpectedEntrySource = source,
    };

    private static PricingCase Reported(string name, decimal amount, string? entry, string source = BuiltIn) => new()
    {
        Name = name,
        ExpectedSource = CostSource.Reported,
        ExpectedAmount = amount,
        ExpectedEntry = entry,
        ExpectedEntrySource = entry is null ? null : source,
    };

    private static PricingCase Unpriced(string name, string? entry) => new()
    {
        Name = name,
        ExpectedSource = CostSource.Unpriced,
        ExpectedEntry = entry,
        ExpectedEntrySource = entry is null ? null : BuiltIn,
    };

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);
}
