using CostWatch.Otlp.Proto;
using Google.Protobuf;

namespace CostWatch.Benchmarks.Payload;

/// <summary>
/// The exports one client sends, in order, over and over: a continuous stream of agent traces cut into batches
/// of exactly <c>batchSize</c> spans, as an SDK's batch processor cuts them, so a trace now and then straddles
/// two exports (its calls in one, its run in the next). The sequence ends on a trace boundary, so a client can
/// start it again with new trace ids.
/// </summary>
internal static class TemplateSequence
{
    private const string SchemaUrl = "https://opentelemetry.io/schemas/1.37.0";

    public static IReadOnlyList<TemplateBatch> Build(int client, int batches, int batchSize, DateTime now)
    {
        var generator = new AgentTraceGenerator(new Random(1_000 + client), client, now);
        var total = batches * batchSize;
        var stream = new List<GeneratedSpan>(total);
        for (var slot = 0; stream.Count < total; slot++)
        {
            stream.AddRange(generator.NextTrace(slot, total - stream.Count));
        }

        // The export that carries each trace's run: calls in an earlier export wait for it (attribution).
        var runBatchBySlot = new Dictionary<int, int>();
        for (var i = 0; i < stream.Count; i++)
        {
            if (stream[i].Role == SpanRole.AgentRun)
            {
                runBatchBySlot[stream[i].Slot] = i / batchSize;
            }
        }

        var resource = Resource(client);
        var result = new List<TemplateBatch>(batches);
        for (var b = 0; b < batches; b++)
        {
            var spans = stream.GetRange(b * batchSize, batchSize);
            var awaiting = spans.Count(s => s.Role != SpanRole.AgentRun && runBatchBySlot[s.Slot] > b);
            var composition = new BatchComposition(
                spans.Count(s => s.Role == SpanRole.AgentRun),
                spans.Count(s => s.Role == SpanRole.LlmCall),
                spans.Count(s => s.Role == SpanRole.ToolCall),
                spans.Where(s => runBatchBySlot[s.Slot] > b).Select(s => s.Slot).Distinct().Count());
            result.Add(Encode(resource, spans, awaiting, composition));
        }

        return result;
    }

    private static TemplateBatch Encode(Resource resource, List<GeneratedSpan> spans, int callsAwaitingLaterRun,
        BatchComposition composition)
    {
        // Agent frameworks and LLM client instrumentations are different instrumentation scopes.
        var agentScope = new ScopeSpans
        {
            Scope = new InstrumentationScope { Name = "openai.agents", Version = "0.4.2" },
            SchemaUrl = SchemaUrl,
        };
        var llmScope = new ScopeSpans
        {
            Scope = new InstrumentationScope { Name = "opentelemetry.instrumentation.genai", Version = "0.3b0" },
            SchemaUrl = SchemaUrl,
        };
        foreach (var span in spans)
        {
            (span.Role == SpanRole.LlmCall ? llmScope : agentScope).Spans.Add(span.Span);
        }

        var resourceSpans = new ResourceSpans { Resource = resource, SchemaUrl = SchemaUrl };
        resourceSpans.ScopeSpans.Add(agentScope);
        resourceSpans.ScopeSpans.Add(llmScope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        var bytes = request.ToByteArray();

        var placeholders = TraceIds.FindPlaceholders(bytes);
        if (placeholders.Count != spans.Count)
        {
            throw new InvalidOperationException(
                $"found {placeholders.Count} trace id placeholders in an export of {spans.Count} spans");
        }

        return new TemplateBatch(bytes, placeholders.Select(p => p.Offset).ToArray(),
            placeholders.Select(p => p.Slot).ToArray(), callsAwaitingLaterRun, composition);
    }

    private static Resource Resource(int client)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attr.Str("service.name", AgentTracePools.Services[client % AgentTracePools.Services.Length]));
        resource.Attributes.Add(Attr.Str("service.version", $"2.{client}.1"));
        resource.Attributes.Add(Attr.Str("service.instance.id", new Guid(client + 1, 0, 0, new byte[8]).ToString()));
        resource.Attributes.Add(Attr.Str("deployment.environment.name", "production"));
        resource.Attributes.Add(Attr.Str("host.name", $"agents-{client:D2}.internal"));
        resource.Attributes.Add(Attr.Str("telemetry.sdk.name", "opentelemetry"));
        resource.Attributes.Add(Attr.Str("telemetry.sdk.language", "python"));
        resource.Attributes.Add(Attr.Str("telemetry.sdk.version", "1.38.0"));
        resource.Attributes.Add(Attr.Str("process.runtime.name", "cpython"));
        resource.Attributes.Add(Attr.Str("process.runtime.version", "3.12.7"));
        return resource;
    }
}
