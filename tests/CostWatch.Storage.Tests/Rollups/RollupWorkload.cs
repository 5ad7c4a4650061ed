using CostWatch.Core.Pricing;
using CostWatch.Core.Records;
using CostWatch.Core.Rollups;

namespace CostWatch.Storage.Tests.Rollups;

/// <summary>
/// A seeded random workload for the rollup tests: traces of one agent run with LLM and tool calls spread over
/// three days, some calls attributed at once and some left pending, costs with many decimal places, and a model
/// the "catalog" cannot price.
/// </summary>
internal sealed class RollupWorkload
{
    public const string UnknownModel = "mystery-model";

    private static readonly string[] Agents = ["researcher", "writer", "reviewer", "coordinator", "planner"];
    private static readonly string[] Models = ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro", UnknownModel];
    private static readonly DateTime Start = new(2026, 11, 20, 22, 0, 0, DateTimeKind.Utc);

    private readonly Random _random;

    public RollupWorkload(int seed, int traces)
    {
        _random = new Random(seed);
        for (var t = 0; t < traces; t++)
        {
            AddTrace();
        }
    }

    public List<TelemetryRecord> Records { get; } = [];

    public List<Guid> TraceIds { get; } = [];

    /// <summary>The price a re-pricing round gives a call: a rate per round, and the unknown model priced only in even rounds.</summary>
    public static CallCost Price(LlmCall call, int round)
    {
        var buckets = TokenBuckets.From(call);
        if (call.ReportedCostUsd is { } reported)
        {
            return new CallCost { Amount = reported, Source = CostSource.Reported, Buckets = buckets };
        }

        if (RollupAggregator.ModelOf(call) == UnknownModel && round % 2 == 1)
        {
            return new CallCost { Source = CostSource.Unpriced, Buckets = buckets };
        }

        var rate = 0.0000013m * (round + 1) + 0.000000000123m;
        return new CallCost { Amount = (buckets.TotalInput + buckets.TotalOutput) * rate, Source = CostSource.Computed, Buckets = buckets };
    }

    private void AddTrace()
    {
        var trace = Guid.NewGuid();
        TraceIds.Add(trace);
        var runStart = Start.AddSeconds(_random.Next(0, 3 * 86_400)).AddTicks(_random.Next(0, 10_000_000) / 10 * 10);
        var agent = Agents[_random.Next(Agents.Length)];
        var session = $"session-{_random.Next(12)}";
        const ulong runSpan = 1;
        Records.Add(new AgentRun
        {
            TraceId = trace,
            SpanId = runSpan,
            StartTime = runStart,
            EndTime = runStart.AddSeconds(_random.Next(1, 900)),
            ReceivedAt = runStart,
            Status = _random.Next(10) == 0 ? SpanStatus.Error : SpanStatus.Ok,
            ServiceName = "agents",
            AgentName = agent,
            SessionId = session,
            UserId = $"user-{_random.Next(3)}",
            ReportedIterations = _random.Next(4) == 0 ? _random.Next(1, 20) : null,
            Dimensions = _random.Next(2) == 0 ? """{"team":"platform"}""" : null,
        });

        var calls = _random.Next(1, 7);
        for (var i = 0; i < calls; i++)
        {
            // Some calls start in another minute, hour or even day than their run: buckets differ by kind.
            var start = runStart.AddSeconds(_random.Next(0, 5_000));
            var attributed = _random.Next(3) != 0;
            var model = Models[_random.Next(Models.Length)];
            var call = new LlmCall
            {
                TraceId = trace,
                SpanId = 100 + (ulong)i,
                ParentSpanId = runSpan,
                StartTime = start,
                EndTime = start.AddMilliseconds(_random.Next(1, 60_000)),
                ReceivedAt = start,
                Status = _random.Next(8) == 0 ? SpanStatus.Error : SpanStatus.Ok,
                ServiceName = "agents",
                Operation = "chat",
                Provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "other",
                RequestModel = model,
                ResponseModel = _random.Next(2) == 0 ? model : null,
                InputTokens = _random.Next(1, 200_000),
                CacheReadTokens = _random.Next(0, 3) == 0 ? _random.Next(0, 1_000) : 0,
                CacheWriteTokens = _random.Next(0, 4) == 0 ? _random.Next(0, 500) : 0,
                OutputTokens = _random.Next(1, 8_000),
                ReasoningTokens = _random.Next(0, 2) == 0 ? _random.Next(0, 500) : 0,
                Convention = _random.Next(2) == 0 ? TokenConvention.InputIncludesCache : TokenConvention.InputExcludesCache,
                ReportedCostUsd = _random.Next(10) == 0 ? _random.Next(1, 100_000) / 1_000_000_007m : null,
                AgentName = attributed ? agent : null,
                SessionId = attributed ? session : null,
                RunSpanId = attributed ? runSpan : null,
                Attribution = attributed ? AttributionState.Inherited : AttributionState.Pending,
            };
            call.Apply(Price(call, 0));
            Records.Add(call);
        }

        var tools = _random.Next(0, 4);
        for (var i = 0; i < tools; i++)
        {
            var start = runStart.AddSeconds(_random.Next(0, 600));
            var attributed = _random.Next(3) != 0;
            Records.Add(new ToolCall
            {
                TraceId = trace,
                SpanId = 200 + (ulong)i,
                ParentSpanId = runSpan,
                StartTime = start,
                EndTime = start.AddMilliseconds(_random.Next(1, 5_000)),
                ReceivedAt = start,
                ToolName = _random.Next(2) == 0 ? "web_search" : "code_exec",
                Success = _random.Next(5) != 0,
                ServiceName = "agents",
                AgentName = attributed ? agent : null,
                SessionId = attributed ? session : null,
                RunSpanId = attributed ? runSpan : null,
                Attribution = attributed ? AttributionState.Inherited : AttributionState.Pending,
            });
        }
    }
}
