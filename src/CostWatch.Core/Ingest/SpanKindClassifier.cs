using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Ingest;

/// <summary>Decides which record a span becomes, accepting every convention in genai-telemetry.md.</summary>
internal static class SpanKindClassifier
{
    public static RecordKind Classify(DecodedSpan span, out string llmOperation)
    {
        var attributes = span.Attributes;
        llmOperation = "chat";

        if (attributes.TryGet(GenAiAttribute.OperationName, out var operationValue)
            && operationValue.AsText() is { } operation)
        {
            switch (operation)
            {
                case "chat" or "text_completion" or "generate_content" or "embeddings":
                    llmOperation = operation;
                    return RecordKind.LlmCall;
                case "invoke_agent":
                    return RecordKind.AgentRun;
                case "execute_tool":
                    return RecordKind.ToolCall;
            }
        }

        if (attributes.TryGet(GenAiAttribute.OpenInferenceSpanKind, out var kindValue)
            && kindValue.AsText() is { } kind)
        {
            switch (kind.ToUpperInvariant())
            {
                case "LLM":
                    return RecordKind.LlmCall;
                case "EMBEDDING":
                    llmOperation = "embeddings";
                    return RecordKind.LlmCall;
                case "TOOL":
                    return RecordKind.ToolCall;
                case "AGENT":
                    return RecordKind.AgentRun;
            }
        }

        if (span.NameKind == SpanNameKind.AgentToolCall)
        {
            return RecordKind.ToolCall;
        }

        var hasAgentName = attributes.Has(GenAiAttribute.AgentName) || attributes.Has(GenAiAttribute.LegacyAgentName);
        if (hasAgentName && (span.NameKind == SpanNameKind.AgentRun || span.ParentSpanId == 0))
        {
            return RecordKind.AgentRun;
        }

        // Conventions before gen_ai.operation.name (<= v1.26) marked inference spans only by system and model.
        if (attributes.Has(GenAiAttribute.System) && (attributes.Has(GenAiAttribute.RequestModel)
                                                       || attributes.Has(GenAiAttribute.ResponseModel)))
        {
            return RecordKind.LlmCall;
        }

        return RecordKind.Other;
    }
}
