namespace CostWatch.Core.Telemetry;

/// <summary>
/// Attributes that carry prompts, completions, tool payloads or retrieved documents (genai-telemetry.md,
/// "Content never belongs in CostWatch"). The decoders never read them, and no cost dimension may name them.
/// </summary>
public static class ContentAttributeNames
{
    private static readonly HashSet<string> Exact = new(
    [
        "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result", "gen_ai.prompt", "gen_ai.completion", "input.value", "output.value",
        "llm.prompts", "llm.input_messages", "llm.output_messages",
    ], StringComparer.Ordinal);

    // Older and OpenInference conventions flatten messages into indexed keys (gen_ai.prompt.0.content).
    private static readonly string[] Prefixes =
    [
        "gen_ai.prompt.", "gen_ai.completion.", "gen_ai.content.", "llm.prompts.", "llm.input_messages.",
        "llm.output_messages.", "retrieval.documents.", "embedding.embeddings.",
    ];

    public static bool IsContent(string key) =>
        Exact.Contains(key) || Prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));
}
