namespace CostWatch.Core.Telemetry;

/// <summary>Maps every accepted attribute spelling to its <see cref="GenAiAttribute"/>.</summary>
public static class GenAiAttributeNames
{
    /// <summary>Keys longer than this are never ours; decoders need not look them up.</summary>
    public const int MaxKeyLength = 64;

    public static readonly int Count = Enum.GetValues<GenAiAttribute>().Length;

    private static readonly Dictionary<string, GenAiAttribute> ByName = new(StringComparer.Ordinal)
    {
        ["gen_ai.operation.name"] = GenAiAttribute.OperationName,
        ["openinference.span.kind"] = GenAiAttribute.OpenInferenceSpanKind,

        ["gen_ai.provider.name"] = GenAiAttribute.ProviderName,
        ["gen_ai.system"] = GenAiAttribute.System,
        ["llm.provider"] = GenAiAttribute.LlmProvider,
        ["llm.system"] = GenAiAttribute.LlmSystem,

        ["gen_ai.response.model"] = GenAiAttribute.ResponseModel,
        ["gen_ai.request.model"] = GenAiAttribute.RequestModel,
        ["llm.model_name"] = GenAiAttribute.LlmModelName,
        ["llm.response.model_name"] = GenAiAttribute.LlmResponseModelName,
        ["llm.request.model_name"] = GenAiAttribute.LlmRequestModelName,
        ["embedding.model_name"] = GenAiAttribute.EmbeddingModelName,

        ["gen_ai.usage.input_tokens"] = GenAiAttribute.InputTokens,
        ["gen_ai.usage.prompt_tokens"] = GenAiAttribute.PromptTokens,
        ["llm.token_count.prompt"] = GenAiAttribute.LlmTokenCountPrompt,
        ["gen_ai.usage.output_tokens"] = GenAiAttribute.OutputTokens,
        ["gen_ai.usage.completion_tokens"] = GenAiAttribute.CompletionTokens,
        ["llm.token_count.completion"] = GenAiAttribute.LlmTokenCountCompletion,

        ["gen_ai.usage.cache_read.input_tokens"] = GenAiAttribute.CacheReadInputTokens,
        ["llm.token_count.prompt_details.cache_read"] = GenAiAttribute.LlmTokenCountPromptCacheRead,
        ["gen_ai.usage.prompt_tokens_details.cached_tokens"] = GenAiAttribute.PromptTokensDetailsCachedTokens,

        ["gen_ai.usage.cache_write.input_tokens"] = GenAiAttribute.CacheWriteInputTokens,
        ["gen_ai.usage.cache_creation.input_tokens"] = GenAiAttribute.CacheCreationInputTokens,
        ["llm.token_count.prompt_details.cache_write"] = GenAiAttribute.LlmTokenCountPromptCacheWrite,
        ["gen_ai.usage.prompt_tokens_details.cache_creation_tokens"] = GenAiAttribute.PromptTokensDetailsCacheCreationTokens,

        ["gen_ai.usage.reasoning.output_tokens"] = GenAiAttribute.ReasoningOutputTokens,
        ["llm.token_count.completion_details.reasoning"] = GenAiAttribute.LlmTokenCountCompletionReasoning,
        ["gen_ai.usage.reasoning_tokens"] = GenAiAttribute.ReasoningTokens,
        ["gen_ai.usage.completion_tokens_details.reasoning_tokens"] = GenAiAttribute.CompletionTokensDetailsReasoningTokens,

        ["gen_ai.usage.cost"] = GenAiAttribute.UsageCost,
        ["llm.cost.total"] = GenAiAttribute.LlmCostTotal,

        ["gen_ai.conversation.id"] = GenAiAttribute.ConversationId,
        ["session.id"] = GenAiAttribute.SessionId,
        ["user.id"] = GenAiAttribute.UserId,
        ["enduser.id"] = GenAiAttribute.EndUserId,

        ["gen_ai.agent.name"] = GenAiAttribute.AgentName,
        ["gen_ai.agent.id"] = GenAiAttribute.AgentId,
        ["agent.name"] = GenAiAttribute.LegacyAgentName,
        ["agent.iterations"] = GenAiAttribute.AgentIterations,

        ["gen_ai.tool.name"] = GenAiAttribute.ToolName,
        ["tool.name"] = GenAiAttribute.LegacyToolName,
        ["gen_ai.tool.call.id"] = GenAiAttribute.ToolCallId,
        ["tool.id"] = GenAiAttribute.LegacyToolId,
        ["tool.success"] = GenAiAttribute.ToolSuccess,

        ["error.type"] = GenAiAttribute.ErrorType,

        ["service.name"] = GenAiAttribute.ServiceName,
        ["deployment.environment"] = GenAiAttribute.DeploymentEnvironment,
        ["deployment.environment.name"] = GenAiAttribute.DeploymentEnvironmentName,
    };

    private static readonly Dictionary<string, GenAiAttribute>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryGet(ReadOnlySpan<char> key, out GenAiAttribute attribute) =>
        ByChars.TryGetValue(key, out attribute);

    /// <summary>Looks up a UTF-8 key without allocating (keys are ASCII; longer keys are never ours).</summary>
    public static bool TryGet(ReadOnlySpan<byte> utf8Key, out GenAiAttribute attribute)
    {
        if (utf8Key.Length > MaxKeyLength)
        {
            attribute = default;
            return false;
        }

        Span<char> chars = stackalloc char[MaxKeyLength];
        for (var i = 0; i < utf8Key.Length; i++)
        {
            var b = utf8Key[i];
            if (b >= 0x80)
            {
                attribute = default;
                return false;
            }

            chars[i] = (char)b;
        }

        return ByChars.TryGetValue(chars[..utf8Key.Length], out attribute);
    }

    public static string NameOf(GenAiAttribute attribute) => ByName.First(pair => pair.Value == attribute).Key;
}
