using System.Diagnostics;
using CostWatch.Worker.Tests.Hosting;

namespace CostWatch.Worker.Tests.Alerting;

/// <summary>
/// Agent runs shaped to breach (or not) the alert rules, sent through the real OpenTelemetry SDK by
/// <see cref="AgentTraces"/>; remembers the traces sent since the last <see cref="TakeTraces"/>, so a test can wait
/// for exactly those to be attributed and rolled up.
/// </summary>
internal sealed class AlertWorkload(AgentTraces agents)
{
    private readonly List<Guid> _traces = [];

    /// <summary>Runs of <paramref name="llmCalls"/> iterations with <paramref name="toolCalls"/> web_search calls each.</summary>
    public void Runs(string agent, int runs, int llmCalls, int toolCalls = 0, bool failTools = false)
    {
        for (var i = 0; i < runs; i++)
        {
            var (trace, _) = agents.Run(agent, $"{agent}-session", llmCalls, toolCalls, failTools: failTools);
            _traces.Add(Guid.Parse(trace));
        }
    }

    /// <summary>One run whose one chat call to gpt-4o sends <paramref name="inputTokens"/> tokens of prompt.</summary>
    public void BigPromptRun(string agent, long inputTokens)
    {
        using var run = StartRun(agent, startTime: default);
        using (var call = agents.Source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
        {
            call.SetTag("gen_ai.operation.name", "chat");
            call.SetTag("gen_ai.provider.name", "openai");
            call.SetTag("gen_ai.request.model", "gpt-4o");
            call.SetTag("gen_ai.usage.input_tokens", inputTokens);
            call.SetTag("gen_ai.usage.output_tokens", 200L);
        }

        _traces.Add(Guid.Parse(run.TraceId.ToHexString()));
    }

    /// <summary>Runs that took <paramref name="duration"/>: start and end times set through the SDK, nobody waits.</summary>
    public void SlowRuns(string agent, int runs, TimeSpan duration)
    {
        for (var i = 0; i < runs; i++)
        {
            var end = DateTimeOffset.UtcNow;
            using var run = StartRun(agent, end - duration);
            run.SetEndTime(end.UtcDateTime);
            _traces.Add(Guid.Parse(run.TraceId.ToHexString()));
        }
    }

    /// <summary>The traces sent since the last call.</summary>
    public List<Guid> TakeTraces()
    {
        var taken = _traces.ToList();
        _traces.Clear();
        return taken;
    }

    public bool Flush() => agents.Flush();

    private Activity StartRun(string agent, DateTimeOffset startTime)
    {
        var run = agents.Source.StartActivity($"invoke_agent {agent}", ActivityKind.Internal, parentContext: default,
            startTime: startTime)!;
        run.SetTag("gen_ai.operation.name", "invoke_agent");
        run.SetTag("gen_ai.agent.name", agent);
        run.SetTag("gen_ai.conversation.id", $"{agent}-session");
        return run;
    }
}
