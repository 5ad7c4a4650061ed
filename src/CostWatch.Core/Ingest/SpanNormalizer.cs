using CostWatch.Core.Attribution;
using CostWatch.Core.Records;
using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Ingest;

/// <summary>
/// Turns the spans of one export into LLM calls, agent runs, tool calls and parent links, rejecting spans that
/// are individually invalid. The decoders drive it: <see cref="BeginResource"/> and fill
/// <see cref="ResourceAttributes"/>, then for every span <see cref="BeginSpan"/>, fill it, <see cref="EndSpan"/>.
/// Nothing of a prompt, completion or tool payload is ever read: those attributes are not in
/// <see cref="GenAiAttributeNames"/>, so the decoders skip them. With <paramref name="dimensions"/>, the
/// decoders also capture the attributes of the custom cost dimensions (<see cref="Dimensions"/>) and every
/// record gets the ones its span carried.
/// </summary>
public sealed class SpanNormalizer(IngestLimits limits, DateTime receivedAt, CostDimensions? dimensions = null)
{
    private static readonly GenAiAttribute[] ProviderKeys =
        [GenAiAttribute.ProviderName, GenAiAttribute.System, GenAiAttribute.LlmProvider, GenAiAttribute.LlmSystem];

    private static readonly GenAiAttribute[] ResponseModelKeys =
        [GenAiAttribute.ResponseModel, GenAiAttribute.LlmResponseModelName];

    private static readonly GenAiAttribute[] RequestModelKeys =
    [
        GenAiAttribute.RequestModel, GenAiAttribute.LlmModelName, GenAiAttribute.LlmRequestModelName,
        GenAiAttribute.EmbeddingModelName,
    ];

    private static readonly GenAiAttribute[] InputTokenKeys =
        [GenAiAttribute.InputTokens, GenAiAttribute.PromptTokens, GenAiAttribute.LlmTokenCountPrompt];

    private static readonly GenAiAttribute[] OutputTokenKeys =
        [GenAiAttribute.OutputTokens, GenAiAttribute.CompletionTokens, GenAiAttribute.LlmTokenCountCompletion];

    private static readonly GenAiAttribute[] CacheReadKeys =
    [
        GenAiAttribute.CacheReadInputTokens, GenAiAttribute.LlmTokenCountPromptCacheRead,
        GenAiAttribute.PromptTokensDetailsCachedTokens,
    ];

    private static readonly GenAiAttribute[] CacheWriteKeys =
    [
        GenAiAttribute.CacheWriteInputTokens, GenAiAttribute.CacheCreationInputTokens,
        GenAiAttribute.LlmTokenCountPromptCacheWrite, GenAiAttribute.PromptTokensDetailsCacheCreationTokens,
    ];

    private static readonly GenAiAttribute[] ReasoningKeys =
    [
        GenAiAttribute.ReasoningOutputTokens, GenAiAttribute.LlmTokenCountCompletionReasoning,
        GenAiAttribute.ReasoningTokens, GenAiAttribute.CompletionTokensDetailsReasoningTokens,
    ];

    private static readonly GenAiAttribute[] CostKeys = [GenAiAttribute.UsageCost, GenAiAttribute.LlmCostTotal];

    private static readonly GenAiAttribute[] SessionKeys = [GenAiAttribute.ConversationId, GenAiAttribute.SessionId];

    private static readonly GenAiAttribute[] UserKeys = [GenAiAttribute.UserId, GenAiAttribute.EndUserId];

    private static readonly GenAiAttribute[] AgentNameKeys =
        [GenAiAttribute.AgentName, GenAiAttribute.LegacyAgentName, GenAiAttribute.AgentId];

    private static readonly GenAiAttribute[] AgentIdKeys = [GenAiAttribute.AgentId];

    private static readonly GenAiAttribute[] ToolNameKeys = [GenAiAttribute.ToolName, GenAiAttribute.LegacyToolName];

    private static readonly GenAiAttribute[] ToolCallIdKeys = [GenAiAttribute.ToolCallId, GenAiAttribute.LegacyToolId];

    private static readonly GenAiAttribute[] ErrorTypeKeys = [GenAiAttribute.ErrorType];

    private static readonly GenAiAttribute[] ServiceKeys = [GenAiAttribute.ServiceName];

    private static readonly GenAiAttribute[] EnvironmentKeys =
        [GenAiAttribute.DeploymentEnvironmentName, GenAiAttribute.DeploymentEnvironment];

    private readonly DateTime _receivedAt = TruncateToMicroseconds(receivedAt);
    private readonly ulong _latestStartNanos = ToUnixNanos(receivedAt + limits.MaxFutureSkew);
    private readonly DimensionsWriter? _dimensionsWriter = dimensions is null ? null : new DimensionsWriter(dimensions);
    private ResourceContext? _resource;

    /// <summary>The custom cost dimensions whose attributes the decoders capture; null when none are configured.</summary>
    public CostDimensions? Dimensions { get; } = dimensions;

    public SpanAttributes ResourceAttributes { get; } = new();

    public DecodedSpan Span { get; } = new();

    public NormalizedBatch Batch { get; } = new();

    /// <summary>Every span the export carried, valid or not.</summary>
    public int SpanCount { get; private set; }

    public void BeginResource()
    {
        ResourceAttributes.Clear();
        _resource = null;
        _dimensionsWriter?.BeginResource();
    }

    public DecodedSpan BeginSpan()
    {
        Span.Reset();
        return Span;
    }

    public void EndSpan()
    {
        SpanCount++;
        var span = Span;
        if (Validate(span) is { } reason)
        {
            Reject(span, reason);
            return;
        }

        _resource ??= ResourceContext.From(ResourceAttributes);
        switch (SpanKindClassifier.Classify(span, out var operation))
        {
            case RecordKind.LlmCall:
                AddLlmCall(span, operation);
                break;
            case RecordKind.AgentRun:
                AddAgentRun(span);
                break;
            case RecordKind.ToolCall:
                AddToolCall(span);
                break;
            default:
                Batch.Links.Add(new SpanLink(span.TraceId, span.SpanId, span.ParentSpanId, _receivedAt));
                break;
        }
    }

    /// <summary>
    /// Attributes the calls whose ancestor run arrived in this same export; the rest stay pending for the
    /// store's attribution pass, which sees later exports too.
    /// </summary>
    public NormalizedBatch Complete()
    {
        var traces = new Dictionary<Guid, Dictionary<ulong, SpanGraphNode>>();
        foreach (var run in Batch.AgentRuns)
        {
            GraphOf(traces, run.TraceId)[run.SpanId] = new SpanGraphNode(run.ParentSpanId,
                new RunIdentity(run.AgentName, run.AgentId, run.SessionId, run.UserId));
        }

        foreach (var link in Batch.Links)
        {
            GraphOf(traces, link.TraceId)[link.SpanId] = new SpanGraphNode(link.ParentSpanId, null);
        }

        foreach (var call in Batch.Calls)
        {
            GraphOf(traces, call.TraceId)[call.SpanId] = new SpanGraphNode(call.ParentSpanId, null);
        }

        foreach (var call in Batch.Calls)
        {
            var input = new AttributionInput(call.ParentSpanId, call.AgentName, call.AgentId, call.SessionId,
                call.UserId);
            var result = AttributionResolver.Resolve(input, traces[call.TraceId], settled: false);
            if (result.IsComplete)
            {
                call.Apply(result);
            }
        }

        return Batch;
    }

    private static Dictionary<ulong, SpanGraphNode> GraphOf(
        Dictionary<Guid, Dictionary<ulong, SpanGraphNode>> traces, Guid traceId)
    {
        if (!traces.TryGetValue(traceId, out var graph))
        {
            graph = [];
            traces[traceId] = graph;
        }

        return graph;
    }

    private string? Validate(DecodedSpan span)
    {
        if (span.IdError is { } idError)
        {
            return idError;
        }

        if (span.TraceId == Guid.Empty)
        {
            return "trace id is missing or all zero";
        }

        if (span.SpanId == 0)
        {
            return "span id is missing or all zero";
        }

        if (span.StartTimeUnixNano == 0)
        {
            return "start time is missing";
        }

        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return "end time is before start time";
        }

        if (span.StartTimeUnixNano > _latestStartNanos)
        {
            return $"start time is more than {limits.MaxFutureSkew.TotalMinutes:0} minutes in the future";
        }

        return null;
    }

    private void Reject(DecodedSpan span, string reason) =>
        Batch.Rejections.Add(new SpanRejection(span.SpanId.ToString("x16"), reason));

    private void AddLlmCall(DecodedSpan span, string operation)
    {
        var a = span.Attributes;
        if (!TryReadCount(a, InputTokenKeys, out var input, out var error)
            || !TryReadCount(a, OutputTokenKeys, out var output, out error)
            || !TryReadCount(a, CacheReadKeys, out var cacheRead, out error)
            || !TryReadCount(a, CacheWriteKeys, out var cacheWrite, out error)
            || !TryReadCount(a, ReasoningKeys, out var reasoning, out error))
        {
            Reject(span, error!);
            return;
        }

        decimal? reportedCost = null;
        if (a.TryGetFirst(CostKeys, out var costKey, out var costValue))
        {
            if (!costValue.TryGetDecimal(out var cost) || cost < 0)
            {
                Reject(span, $"{GenAiAttributeNames.NameOf(costKey)} is not a non-negative amount: '{costValue}'");
                return;
            }

            reportedCost = cost;
        }

        var call = new LlmCall
        {
            Operation = operation,
            Provider = NormalizeProvider(a.FirstText(ProviderKeys)),
            RequestModel = a.FirstText(RequestModelKeys),
            ResponseModel = a.FirstText(ResponseModelKeys),
            InputTokens = input,
            CacheReadTokens = cacheRead,
            CacheWriteTokens = cacheWrite,
            OutputTokens = output,
            ReasoningTokens = reasoning,
            // Anthropic's raw input count excludes cache tokens; when the cache counts exceed it, that is the
            // convention the emitter followed (genai-telemetry.md section 3).
            Convention = cacheRead + cacheWrite > input
                ? TokenConvention.InputExcludesCache
                : TokenConvention.InputIncludesCache,
            ReportedCostUsd = reportedCost,
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            StartTime = ToDateTime(span.StartTimeUnixNano),
            EndTime = ToDateTime(span.EndTimeUnixNano),
            ReceivedAt = _receivedAt,
            Status = (SpanStatus)Math.Clamp(span.StatusCode, 0, 2),
            ErrorType = a.FirstText(ErrorTypeKeys),
            ServiceName = _resource!.ServiceName,
            Environment = _resource.Environment,
            Dimensions = DimensionsOf(span),
        };
        FillIdentity(call, a);
        Batch.LlmCalls.Add(call);
    }

    private void AddAgentRun(DecodedSpan span)
    {
        var a = span.Attributes;
        int? iterations = null;
        if (a.TryGet(GenAiAttribute.AgentIterations, out var value))
        {
            if (!value.TryGetWholeNumber(out var count) || count < 0 || count > limits.MaxIterationsPerRun)
            {
                Reject(span, $"agent.iterations is not a count between 0 and {limits.MaxIterationsPerRun}: '{value}'");
                return;
            }

            iterations = (int)count;
        }

        var resource = _resource!;
        var run = new AgentRun
        {
            AgentName = a.FirstText(AgentNameKeys) ?? resource.AgentName,
            AgentId = a.FirstText(AgentIdKeys) ?? resource.AgentId,
            SessionId = a.FirstText(SessionKeys) ?? resource.SessionId,
            UserId = a.FirstText(UserKeys) ?? resource.UserId,
            ReportedIterations = iterations,
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            StartTime = ToDateTime(span.StartTimeUnixNano),
            EndTime = ToDateTime(span.EndTimeUnixNano),
            ReceivedAt = _receivedAt,
            Status = (SpanStatus)Math.Clamp(span.StatusCode, 0, 2),
            ErrorType = a.FirstText(ErrorTypeKeys),
            ServiceName = resource.ServiceName,
            Environment = resource.Environment,
            Dimensions = DimensionsOf(span),
        };
        Batch.AgentRuns.Add(run);
    }

    private void AddToolCall(DecodedSpan span)
    {
        var a = span.Attributes;
        var errorType = a.FirstText(ErrorTypeKeys);
        var failedByStatus = span.StatusCode == (int)SpanStatus.Error || errorType is not null;
        var success = !failedByStatus;
        if (a.TryGet(GenAiAttribute.ToolSuccess, out var successValue))
        {
            if (!successValue.TryGetBool(out success))
            {
                Reject(span, $"tool.success is not a boolean: '{successValue}'");
                return;
            }
        }

        var call = new ToolCall
        {
            ToolName = a.FirstText(ToolNameKeys) ?? "unknown",
            CallId = a.FirstText(ToolCallIdKeys),
            Success = success,
            TraceId = span.TraceId,
            SpanId = span.SpanId,
            ParentSpanId = span.ParentSpanId,
            StartTime = ToDateTime(span.StartTimeUnixNano),
            EndTime = ToDateTime(span.EndTimeUnixNano),
            ReceivedAt = _receivedAt,
            Status = (SpanStatus)Math.Clamp(span.StatusCode, 0, 2),
            ErrorType = errorType,
            ServiceName = _resource!.ServiceName,
            Environment = _resource.Environment,
            Dimensions = DimensionsOf(span),
        };
        FillIdentity(call, a);
        Batch.ToolCalls.Add(call);
    }

    private void FillIdentity(AttributedCall call, SpanAttributes a)
    {
        var resource = _resource!;
        call.AgentName = a.FirstText(AgentNameKeys) ?? resource.AgentName;
        call.AgentId = a.FirstText(AgentIdKeys) ?? resource.AgentId;
        call.SessionId = a.FirstText(SessionKeys) ?? resource.SessionId;
        call.UserId = a.FirstText(UserKeys) ?? resource.UserId;
        call.Attribution = AttributionState.Pending;
    }

    private string? DimensionsOf(DecodedSpan span) => _dimensionsWriter?.Write(span.Attributes, ResourceAttributes);

    private bool TryReadCount(SpanAttributes a, ReadOnlySpan<GenAiAttribute> keys, out long count, out string? error)
    {
        error = null;
        count = 0;
        if (!a.TryGetFirst(keys, out var key, out var value))
        {
            return true;
        }

        if (!value.TryGetWholeNumber(out count) || count < 0 || count > limits.MaxTokensPerCall)
        {
            error = $"{GenAiAttributeNames.NameOf(key)} is not a token count between 0 and {limits.MaxTokensPerCall}: '{value}'";
            return false;
        }

        return true;
    }

    /// <summary>Older <c>gen_ai.system</c> values were renamed; store the current spelling.</summary>
    private static string? NormalizeProvider(string? provider) => provider?.ToLowerInvariant() switch
    {
        null => null,
        "xai" => "x_ai",
        "az.ai.openai" => "azure.ai.openai",
        "vertex_ai" => "gcp.vertex_ai",
        "gemini" => "gcp.gemini",
        var p => p,
    };

    internal static DateTime ToDateTime(ulong unixNanos) =>
        TruncateToMicroseconds(DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100)));

    private static ulong ToUnixNanos(DateTime time) => (ulong)(time - DateTime.UnixEpoch).Ticks * 100;

    private static DateTime TruncateToMicroseconds(DateTime time) =>
        new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);

    /// <summary>The resource-level values spans fall back to, computed once per resource.</summary>
    private sealed record ResourceContext(
        string? ServiceName, string? Environment, string? AgentName, string? AgentId, string? SessionId,
        string? UserId)
    {
        public static ResourceContext From(SpanAttributes r) => new(
            r.FirstText(ServiceKeys), r.FirstText(EnvironmentKeys), r.FirstText(AgentNameKeys),
            r.FirstText(AgentIdKeys), r.FirstText(SessionKeys), r.FirstText(UserKeys));
    }
}
