using CostWatch.Core.Alerting.Samples;
using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// The fleet's records of the last 15 minutes, generated in memory one at a time (never all held) and added into the
/// alert samples by Core's <see cref="AlertSampleAggregator"/>, as the rollup pass adds them, and into the LLM cost
/// rollups by <see cref="RollupAggregator"/> (what the budget rule reads). Runs go round the agents; each run's
/// iterations are its LLM calls (1 to 12, most runs short), and the calls left to reach the total are tool calls
/// spread over the runs at random. Durations and token counts are lognormal. Seeded, so every run of the benchmark
/// generates the same records.
/// </summary>
internal sealed class AlertFleetSeed
{
    private const int Seed = 20_260_615;

    /// <summary>Iterations 1 to 12: a healthy agent's runs (one in a thousand over 8) and a looping agent's (one in five).</summary>
    private static readonly double[] HealthyIterations = [220, 200, 160, 120, 100, 80, 60, 59, 0.4, 0.3, 0.2, 0.1];
    private static readonly double[] LoopingIterations = [150, 150, 130, 110, 90, 70, 60, 40, 60, 50, 50, 40];
    private static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(4);

    private readonly Random _random = new(Seed);
    private ulong _spanId;

    private AlertFleetSeed(DateTime now, int agents)
    {
        Now = now;
        Truth = new FleetTruth(agents);
    }

    public DateTime Now { get; }

    public AlertSampleAggregator Samples { get; } = new();

    /// <summary>Only its LLM rows are used: no rule reads the run and tool rollups.</summary>
    public RollupAggregator Rollups { get; } = new();

    public FleetTruth Truth { get; }

    public long Runs { get; private set; }

    public long LlmCalls { get; private set; }

    public long ToolCalls { get; private set; }

    /// <exception cref="ArgumentException">Fewer calls than the runs' iterations need.</exception>
    public static AlertFleetSeed Generate(DateTime now, int agentCount, int toolCount, int runs, long calls)
    {
        var seed = new AlertFleetSeed(now, agentCount);
        seed.Fill(FleetAgent.Create(agentCount, toolCount), runs, calls);
        return seed;
    }

    private void Fill(FleetAgent[] agents, int runs, long calls)
    {
        var iterations = new int[runs];
        long llmCalls = 0;
        for (var r = 0; r < runs; r++)
        {
            iterations[r] = 1 + Pick(agents[r % agents.Length].Loops ? LoopingIterations : HealthyIterations);
            llmCalls += iterations[r];
        }

        if (llmCalls > calls)
        {
            throw new ArgumentException($"--calls must be at least {llmCalls:N0}: the runs' iterations alone make that many LLM calls");
        }

        var toolCalls = new int[runs];
        for (var t = 0L; t < calls - llmCalls; t++)
        {
            toolCalls[_random.Next(runs)]++;
        }

        var start = Now - FleetAlertRules.LongWindow;
        var recentSince = DateTime.UnixEpoch.AddSeconds(RollupResolution.BucketStart(Now - FleetAlertRules.ShortWindow, RollupResolution.Minute));
        var bigPromptSent = new bool[agents.Length];
        for (var r = 0; r < runs; r++)
        {
            var index = r % agents.Length;
            var agent = agents[index];
            var span = agent.Silent ? SilentAfter : FleetAlertRules.LongWindow;
            var received = start + TimeSpan.FromTicks((long)(_random.NextDouble() * span.Ticks));
            var recent = received >= recentSince;
            var seconds = LogNormal(agent.Slow ? 16 : 4, 0.5);
            var session = agent.Sessions[_random.Next(agent.Sessions.Length)];
            var run = Run(agent, session, received, seconds);
            Samples.Add(run, iterations[r]);
            Truth.Run(index, seconds, iterations[r], received);
            Runs++;

            for (var i = 0; i < iterations[r]; i++)
            {
                var bigPrompt = agent.BigPrompt && recent && !bigPromptSent[index];
                bigPromptSent[index] |= bigPrompt;
                var call = LlmCall(agent, run, bigPrompt);
                Samples.Add(call);
                Rollups.Add(call);
                Truth.LlmCall(index, agent.Models.First(m => m.Id == call.RequestModel), call.InputTokens, call.CostUsd, recent, received);
                LlmCalls++;
            }

            for (var i = 0; i < toolCalls[r]; i++)
            {
                var tool = agent.Tools[_random.Next(agent.Tools.Length)];
                var success = _random.NextDouble() >= (tool == agent.FlakyTool ? 0.3 : 0.01);
                Samples.Add(ToolCall(run, tool, success));
                Truth.ToolCall(index, tool, success, recent, received);
                ToolCalls++;
            }
        }
    }

    private AgentRun Run(FleetAgent agent, string session, DateTime received, double seconds) => new()
    {
        TraceId = Guid.NewGuid(),
        SpanId = ++_spanId,
        StartTime = received - TimeSpan.FromSeconds(seconds),
        EndTime = received,
        ReceivedAt = received,
        ServiceName = "fleet",
        AgentName = agent.Name,
        SessionId = session,
    };

    private LlmCall LlmCall(FleetAgent agent, AgentRun run, bool bigPrompt)
    {
        var model = bigPrompt ? agent.Models[0] : agent.Models[_random.Next(agent.Models.Length)];
        var largest = model.IsPriced ? model.ContextWindow / 2 : 64_000;
        var input = bigPrompt ? model.ContextWindow * 95 / 100 : Math.Min(largest, (long)LogNormal(2_500, 0.8));
        var output = (long)LogNormal(300, 0.6) * (agent.Spender ? 20 : 1);
        var cacheRead = input * 3 / 10;
        decimal? cost = model.IsPriced
            ? ((input - cacheRead) * model.InputPerToken) + (cacheRead * model.InputPerToken / 2) + (output * model.OutputPerToken)
            : null;
        return new LlmCall
        {
            TraceId = run.TraceId,
            SpanId = ++_spanId,
            ParentSpanId = run.SpanId,
            StartTime = run.StartTime,
            EndTime = run.EndTime,
            ReceivedAt = run.ReceivedAt,
            ServiceName = run.ServiceName,
            AgentName = run.AgentName,
            SessionId = run.SessionId,
            RunSpanId = run.SpanId,
            Attribution = AttributionState.Own,
            Operation = "chat",
            Provider = model.Provider,
            RequestModel = model.Id,
            InputTokens = input,
            CacheReadTokens = cacheRead,
            OutputTokens = output,
            Convention = TokenConvention.InputIncludesCache,
            CostUsd = cost,
            CostSource = cost is null ? CostSource.Unpriced : CostSource.Computed,
        };
    }

    private ToolCall ToolCall(AgentRun run, string tool, bool success) => new()
    {
        TraceId = run.TraceId,
        SpanId = ++_spanId,
        ParentSpanId = run.SpanId,
        StartTime = run.StartTime,
        EndTime = run.EndTime,
        ReceivedAt = run.ReceivedAt,
        Status = success ? SpanStatus.Ok : SpanStatus.Error,
        ServiceName = run.ServiceName,
        AgentName = run.AgentName,
        SessionId = run.SessionId,
        RunSpanId = run.SpanId,
        Attribution = AttributionState.Own,
        ToolName = tool,
        Success = success,
    };

    /// <summary>An index into <paramref name="weights"/>, drawn with probability proportional to its weight.</summary>
    private int Pick(double[] weights)
    {
        var draw = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>A lognormal draw with the given median and shape (Box-Muller).</summary>
    private double LogNormal(double median, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return median * Math.Exp(sigma * normal);
    }
}
