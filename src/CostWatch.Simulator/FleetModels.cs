namespace CostWatch.Simulator;

/// <summary>
/// The models each agent of the fleet calls: four providers, with prompt caching (Anthropic, OpenAI) and
/// reasoning tokens (o4-mini, DeepSeek-R, Gemini 2.5).
/// </summary>
internal static class FleetModels
{
    public static FleetModel ClaudeHaiku { get; } = new("anthropic", "claude-haiku-4-5", 200_000, "api.anthropic.com", Reasons: false);

    public static FleetModel Gpt41Mini { get; } = new("openai", "gpt-4.1-mini", 1_047_576, "api.openai.com", Reasons: false);

    public static FleetModel Gpt4oMini { get; } = new("openai", "gpt-4o-mini", 128_000, "api.openai.com", Reasons: false);

    public static FleetModel O4Mini { get; } = new("openai", "o4-mini", 200_000, "api.openai.com", Reasons: true);

    public static FleetModel GeminiFlash { get; } = new("gcp.vertex_ai", "gemini-2.5-flash", 1_048_576, "aiplatform.googleapis.com", Reasons: true);

    public static FleetModel DeepSeekReasoner { get; } = new("deepseek", "deepseek-reasoner", 131_072, "api.deepseek.com", Reasons: true);

    public static FleetModel Embedding { get; } = new("openai", "text-embedding-3-small", 8_191, "api.openai.com", Reasons: false);

    public static IReadOnlyList<FleetModel> All { get; } =
        [ClaudeHaiku, Gpt41Mini, Gpt4oMini, O4Mini, GeminiFlash, DeepSeekReasoner, Embedding];
}
