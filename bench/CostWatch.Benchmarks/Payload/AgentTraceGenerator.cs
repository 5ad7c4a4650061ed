using System.Buffers.Binary;
using CostWatch.Otlp.Proto;
using Google.Protobuf;

namespace CostWatch.Benchmarks.Payload;

/// <summary>
/// Agent traces as GenAI instrumentations emit them: an <c>invoke_agent</c> run over ~5 <c>chat</c> calls and
/// ~4 <c>execute_tool</c> calls (about 10% / 50% / 40% of spans), with the attributes real SDKs add besides the
/// ones CostWatch reads, so a decoder has to skip things. Spans come in end order: children before their run.
/// </summary>
internal sealed class AgentTraceGenerator(Random random, int client, DateTime now)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly ulong _nowNanos = (ulong)(now - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>The spans of trace <paramref name="slot"/>, at most <paramref name="maxSpans"/> (run included).</summary>
    public List<GeneratedSpan> NextTrace(int slot, int maxSpans)
    {
        var traceId = ByteString.CopyFrom(TraceIds.Placeholder(slot));
        var runSpanId = SpanId();
        var agentIndex = random.Next(AgentTracePools.Agents.Length);
        var mainModel = AgentTracePools.Models[random.Next(AgentTracePools.Models.Length)];

        // A trace cut short by the end of a template sequence keeps its run and the children that fit.
        var roles = ChildRoles(3 + random.Next(5), 2 + random.Next(5));
        if (roles.Count > maxSpans - 1)
        {
            roles.RemoveRange(maxSpans - 1, roles.Count - (maxSpans - 1));
        }

        // Children run one after another; the run ends a little after the last, up to ~30 s before "now",
        // so every span starts within the last minute.
        var durations = roles.Select(role => role == SpanRole.LlmCall
            ? Millis(300 + random.Next(2_200))
            : Millis(10 + random.Next(990))).ToList();
        var runEnd = _nowNanos - Millis(random.Next(30_000));
        var runStart = runEnd - durations.Aggregate(0UL, (sum, d) => sum + d) - Millis(20 + roles.Count * 5);

        var spans = new List<GeneratedSpan>(roles.Count + 1);
        var cursor = runStart + Millis(10);
        for (var i = 0; i < roles.Count; i++)
        {
            var start = cursor;
            var end = start + durations[i];
            cursor = end + Millis(5);
            var span = roles[i] == SpanRole.LlmCall
                ? LlmCall(traceId, runSpanId, random.Next(100) < 80 ? mainModel : RandomModel(), start, end)
                : ToolCall(traceId, runSpanId, start, end);
            spans.Add(new GeneratedSpan(span, roles[i], slot));
        }

        var llmCalls = roles.Count(role => role == SpanRole.LlmCall);
        var run = AgentRun(traceId, runSpanId, agentIndex, mainModel, llmCalls, runStart, runEnd);
        spans.Add(new GeneratedSpan(run, SpanRole.AgentRun, slot));
        return spans;
    }

    private List<SpanRole> ChildRoles(int llmCalls, int toolCalls)
    {
        // An agent loop: the model first, then tools and further model calls in some order.
        var rest = Enumerable.Repeat(SpanRole.LlmCall, llmCalls - 1).Concat(Enumerable.Repeat(SpanRole.ToolCall, toolCalls)).ToArray();
        random.Shuffle(rest);
        return [SpanRole.LlmCall, .. rest];
    }

    private Span AgentRun(ByteString traceId, ByteString spanId, int agentIndex, ModelProfile model, int llmCalls,
        ulong start, ulong end)
    {
        var agent = AgentTracePools.Agents[agentIndex];
        var span = NewSpan(traceId, spanId, ByteString.Empty, $"invoke_agent {agent}", SpanKind.Internal, start, end);
        span.Attributes.Add(Attr.Str("gen_ai.operation.name", "invoke_agent"));
        span.Attributes.Add(Attr.Str("gen_ai.provider.name", model.Provider));
        span.Attributes.Add(Attr.Str("gen_ai.agent.name", agent));
        span.Attributes.Add(Attr.Str("gen_ai.agent.id", $"asst_{agentIndex:D2}{Stable(agent)}"));
        span.Attributes.Add(Attr.Str("gen_ai.conversation.id", $"conv_{client:x2}_{random.Next(AgentTracePools.SessionsPerClient):x6}"));
        if (random.Next(100) < 40)
        {
            span.Attributes.Add(Attr.Str("user.id", $"user-{random.Next(AgentTracePools.Users)}"));
        }

        if (random.Next(100) < 50)
        {
            span.Attributes.Add(Attr.Int("agent.iterations", llmCalls));
        }

        if (random.Next(100) < 30)
        {
            span.Attributes.Add(Attr.Str("gen_ai.agent.description", $"Handles {agent.Replace('-', ' ')} requests for the {AgentTracePools.Services[client % AgentTracePools.Services.Length]} team"));
        }

        return span;
    }

    private Span LlmCall(ByteString traceId, ByteString parentId, ModelProfile model, ulong start, ulong end)
    {
        var span = NewSpan(traceId, SpanId(), parentId, $"chat {model.RequestModel}", SpanKind.Client, start, end);
        var input = 400 + random.Next(2_000) * random.Next(1, 10);
        var output = 20 + random.Next(1_500);
        var attributes = span.Attributes;
        attributes.Add(Attr.Str("gen_ai.operation.name", "chat"));
        attributes.Add(Attr.Str("gen_ai.provider.name", model.Provider));
        attributes.Add(Attr.Str("gen_ai.request.model", model.RequestModel));
        attributes.Add(Attr.Str("server.address", model.ServerAddress));
        attributes.Add(Attr.Int("server.port", 443));
        attributes.Add(Attr.Double("gen_ai.request.temperature", random.Next(3) switch { 0 => 0.2, 1 => 0.7, _ => 1.0 }));
        if (random.Next(100) < 60)
        {
            attributes.Add(Attr.Int("gen_ai.request.max_tokens", 4096));
        }

        attributes.Add(Attr.Str("gen_ai.response.id", Token(model.Provider == "anthropic" ? "msg_" : "chatcmpl-", 24)));
        attributes.Add(Attr.Str("gen_ai.response.model", model.ResponseModel));
        attributes.Add(Attr.Strings("gen_ai.response.finish_reasons",
            AgentTracePools.FinishReasons[random.Next(100) < 55 ? 1 : random.Next(100) < 95 ? 0 : 2]));
        attributes.Add(Attr.Int("gen_ai.usage.input_tokens", input));
        attributes.Add(Attr.Int("gen_ai.usage.output_tokens", output));
        if (random.Next(100) < 60)
        {
            attributes.Add(Attr.Int("gen_ai.usage.cache_read.input_tokens", random.Next(input * 4 / 5)));
        }

        if (model.Reasons)
        {
            attributes.Add(Attr.Int("gen_ai.usage.reasoning.output_tokens", random.Next(output * 7 / 10 + 1)));
        }

        if (random.Next(100) < 15)
        {
            var cost = input * model.InputUsdPerToken + output * model.OutputUsdPerToken;
            attributes.Add(Attr.Double("gen_ai.usage.cost", Math.Round(cost, 6)));
        }

        // Keys CostWatch does not read, as instrumentations add them.
        attributes.Add(Attr.Str("gen_ai.output.type", "text"));
        if (model.Provider == "openai")
        {
            attributes.Add(Attr.Str("gen_ai.openai.response.service_tier", "default"));
        }

        if (random.Next(100) < 1)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
            attributes.Add(Attr.Str("error.type", "rate_limit_exceeded"));
        }

        return span;
    }

    private Span ToolCall(ByteString traceId, ByteString parentId, ulong start, ulong end)
    {
        var tool = AgentTracePools.Tools[random.Next(AgentTracePools.Tools.Length)];
        var span = NewSpan(traceId, SpanId(), parentId, $"execute_tool {tool}", SpanKind.Internal, start, end);
        span.Attributes.Add(Attr.Str("gen_ai.operation.name", "execute_tool"));
        span.Attributes.Add(Attr.Str("gen_ai.tool.name", tool));
        span.Attributes.Add(Attr.Str("gen_ai.tool.call.id", Token("call_", 24)));
        span.Attributes.Add(Attr.Str("gen_ai.tool.type", "function"));
        if (random.Next(100) < 30)
        {
            span.Attributes.Add(Attr.Str("gen_ai.tool.description", $"Calls {tool.Replace('_', ' ')} and returns the result as JSON"));
        }

        if (random.Next(100) < 8)
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "tool failed" };
            span.Attributes.Add(Attr.Str("error.type", AgentTracePools.ToolErrors[random.Next(AgentTracePools.ToolErrors.Length)]));
        }

        return span;
    }

    private static Span NewSpan(ByteString traceId, ByteString spanId, ByteString parentId, string name,
        SpanKind kind, ulong start, ulong end) => new()
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentId,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            // W3C sampled, and the SDK knows whether the parent was remote (OTLP 1.1+ flags).
            Flags = 0x101,
        };

    private ModelProfile RandomModel() => AgentTracePools.Models[random.Next(AgentTracePools.Models.Length)];

    private ByteString SpanId()
    {
        Span<byte> id = stackalloc byte[8];
        do
        {
            random.NextBytes(id);
        }
        while (BinaryPrimitives.ReadUInt64BigEndian(id) == 0);

        return ByteString.CopyFrom(id);
    }

    private string Token(string prefix, int length) =>
        string.Create(prefix.Length + length, (prefix, random), static (chars, state) =>
        {
            state.prefix.CopyTo(chars);
            for (var i = state.prefix.Length; i < chars.Length; i++)
            {
                chars[i] = Base62[state.random.Next(Base62.Length)];
            }
        });

    private static string Stable(string text) => ((uint)text.Aggregate(17, (h, c) => h * 31 + c)).ToString("x8");

    private static ulong Millis(int milliseconds) => (ulong)milliseconds * 1_000_000;
}
