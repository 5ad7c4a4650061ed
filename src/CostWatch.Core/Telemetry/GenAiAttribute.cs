namespace CostWatch.Core.Telemetry;

/// <summary>
/// The span and resource attributes CostWatch reads. Each member stands for one spelling; the
/// precedence between aliases lives in <see cref="Ingest.SpanNormalizer"/>. Anything not listed here,
/// prompts and completions included, is skipped by the decoders without being materialised.
/// </summary>
public enum GenAiAttribute
{
    OperationName,
    OpenInferenceSpanKind,

    ProviderName,
    System,
    LlmProvider,
    LlmSystem,

    ResponseModel,
    RequestModel,
    LlmModelName,
    LlmResponseModelName,
    LlmRequestModelName,
    EmbeddingModelName,

    InputTokens,
    PromptTokens,
    LlmTokenCountPrompt,
    OutputTokens,
    CompletionTokens,
    LlmTokenCountCompletion,

    CacheReadInputTokens,
    LlmTokenCountPromptCacheRead,
    PromptTokensDetailsCachedTokens,

    CacheWriteInputTokens,
    CacheCreationInputTokens,
    LlmTokenCountPromptCacheWrite,
    PromptTokensDetailsCacheCreationTokens,

    ReasoningOutputTokens,
    LlmTokenCountCompletionReasoning,
    ReasoningTokens,
    CompletionTokensDetailsReasoningTokens,

    UsageCost,
    LlmCostTotal,

    ConversationId,
    SessionId,
    UserId,
    EndUserId,

    AgentName,
    AgentId,
    LegacyAgentName,
    AgentIterations,

    ToolName,
    LegacyToolName,
    ToolCallId,
    LegacyToolId,
    ToolSuccess,

    ErrorType,

    ServiceName,
    DeploymentEnvironment,
    DeploymentEnvironmentName,
}
