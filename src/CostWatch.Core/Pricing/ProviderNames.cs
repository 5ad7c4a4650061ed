namespace CostWatch.Core.Pricing;

/// <summary>
/// Bridges the provider names spans carry (OpenTelemetry's <c>gen_ai.provider.name</c>: <c>aws.bedrock</c>,
/// <c>azure.ai.openai</c>, ...) and LiteLLM's provider ids, which are also its key prefixes (<c>bedrock</c>,
/// <c>azure</c>, ...).
/// </summary>
internal static class ProviderNames
{
    public static string? ToLiteLlm(string? provider) => provider?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "aws.bedrock" => "bedrock",
        "azure.ai.openai" or "az.ai.openai" => "azure",
        "azure.ai.inference" or "az.ai.inference" => "azure_ai",
        "gcp.vertex_ai" => "vertex_ai",
        "gcp.gemini" => "gemini",
        "x_ai" => "xai",
        "mistral_ai" => "mistral",
        "ibm.watsonx.ai" => "watsonx",
        var other => other,
    };

    /// <summary>
    /// Whether an entry restricted to <paramref name="entryProvider"/> applies to a call from
    /// <paramref name="callProvider"/>. LiteLLM splits some providers into families (<c>bedrock_converse</c>,
    /// <c>vertex_ai-language-models</c>), so a family member agrees with its family name.
    /// </summary>
    public static bool Agree(string entryProvider, string? callProvider)
    {
        var entry = ToLiteLlm(entryProvider);
        var call = ToLiteLlm(callProvider);
        if (entry is null || call is null)
        {
            return entry == call;
        }

        return entry == call || IsFamilyMember(entry, call) || IsFamilyMember(call, entry);
    }

    private static bool IsFamilyMember(string member, string family) =>
        member.Length > family.Length
        && member.StartsWith(family, StringComparison.Ordinal)
        && member[family.Length] is '_' or '-';
}
