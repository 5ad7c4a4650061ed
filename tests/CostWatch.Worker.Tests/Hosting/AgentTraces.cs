using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CostWatch.Worker.Tests.Hosting;

/// <summary>
/// Agent telemetry sent through the real OpenTelemetry .NET SDK and its OTLP exporter. With the simple
/// processor every span is exported the moment it ends, so children reach CostWatch in earlier exports
/// than their parents, as in production.
/// </summary>
internal sealed class AgentTraces : IDisposable
{
    private readonly ActivitySource _source = new($"costwatch-tests-{Guid.NewGuid():N}");
    private readonly TracerProvider _provider;

    public AgentTraces(string endpoint, OtlpExportProtocol protocol, string? bearerToken = null,
        ExportProcessorType processor = ExportProcessorType.Simple)
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddAttributes([new("service.name", "agent-fleet"), new("deployment.environment.name", "test")]))
            .AddSource(_source.Name)
            .AddOtlpExporter(options =>
            {
                options.Endpoint = new Uri(protocol == OtlpExportProtocol.HttpProtobuf ? endpoint + "/v1/traces" : endpoint);
                options.Protocol = protocol;
                options.ExportProcessorType = processor;
                if (bearerToken is not null)
                {
                    options.Headers = $"Authorization=Bearer {bearerToken}";
                }
            })
            .Build()!;
    }

    public ActivitySource Source => _source;

    /// <summary>
    /// One agent run: an <c>invoke_agent</c> span with <paramref name="llmCalls"/> chat calls and
    /// <paramref name="toolCalls"/> tool calls beneath it; returns the run's trace id and span id.
    /// </summary>
    public (string TraceId, string RunSpanId) Run(string agent, string session, int llmCalls, int toolCalls,
        string model = "gpt-4o", bool failTools = false)
    {
        using var run = _source.StartActivity($"invoke_agent {agent}", ActivityKind.Internal)!;
        run.SetTag("gen_ai.operation.name", "invoke_agent");
        run.SetTag("gen_ai.agent.name", agent);
        run.SetTag("gen_ai.conversation.id", session);
        for (var i = 0; i < llmCalls; i++)
        {
            using var call = _source.StartActivity($"chat {model}", ActivityKind.Client)!;
            call.SetTag("gen_ai.operation.name", "chat");
            call.SetTag("gen_ai.provider.name", "openai");
            call.SetTag("gen_ai.request.model", model);
            call.SetTag("gen_ai.usage.input_tokens", 1000L + i);
            call.SetTag("gen_ai.usage.output_tokens", 100L + i);
            call.SetTag("gen_ai.usage.cache_read.input_tokens", 500L);
            call.SetTag("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"secret prompt\"}]");
        }

        for (var i = 0; i < toolCalls; i++)
        {
            using var tool = _source.StartActivity("execute_tool web_search", ActivityKind.Internal)!;
            tool.SetTag("gen_ai.operation.name", "execute_tool");
            tool.SetTag("gen_ai.tool.name", "web_search");
            tool.SetTag("gen_ai.tool.call.arguments", "{\"q\":\"private\"}");
            if (failTools)
            {
                tool.SetStatus(ActivityStatusCode.Error);
                tool.SetTag("error.type", "timeout");
            }
        }

        return (run.TraceId.ToHexString(), run.SpanId.ToHexString());
    }

    public bool Flush() => _provider.ForceFlush(30_000);

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }
}
