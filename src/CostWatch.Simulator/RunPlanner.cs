using System.Diagnostics;

namespace CostWatch.Simulator;

/// <summary>
/// Plans one coordinator run: a planning call, one to three researchers in parallel, a writer, a reviewer and a
/// summary call, each subagent an <c>invoke_agent</c> span with its own chat calls and tool calls. Durations,
/// models and tokens are drawn from <paramref name="random"/>, bent by the scenario's <paramref name="profile"/>.
/// Not thread-safe: one planner per scheduling loop.
/// </summary>
internal sealed class RunPlanner(Random random, ScenarioProfile profile)
{
    private const double ChatFailures = 0.005;
    private const double RunFailures = 0.005;
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(15);

    /// <summary>A coordinator run of <paramref name="session"/>; without the reviewer when it is silent.</summary>
    public PlannedSpan Plan(Session session, int turn, bool reviewerSilent)
    {
        var children = new List<PlannedSpan>();
        var planning = Chat(FleetModels.ClaudeHaiku, Milliseconds(20, 60), Seconds(0.5, 1.2),
            CoordinatorTokens(turn, firstCall: true), finalAnswer: false);
        children.Add(planning);

        var fanOut = planning.End + Gap;
        var joined = fanOut;
        var researchers = random.Next(1, 4);
        for (var i = 0; i < researchers; i++)
        {
            var researcher = Researcher(session, fanOut + TimeSpan.FromMilliseconds(30 * i));
            children.Add(researcher);
            joined = researcher.End > joined ? researcher.End : joined;
        }

        var writer = Writer(session, joined + Gap);
        children.Add(writer);
        var cursor = writer.End + Gap;
        if (!reviewerSilent)
        {
            var reviewer = Reviewer(session, cursor);
            children.Add(reviewer);
            cursor = reviewer.End + Gap;
        }

        var summary = Chat(FleetModels.ClaudeHaiku, cursor, Seconds(0.4, 1.0),
            CoordinatorTokens(turn, firstCall: false), finalAnswer: true);
        children.Add(summary);
        return AgentRun(FleetAgents.Coordinator, session, TimeSpan.Zero, summary.End + Gap, iterations: 2, children,
            errorType: random.NextDouble() < RunFailures ? "max_turns_exceeded" : null);
    }

    private PlannedSpan Researcher(Session session, TimeSpan start)
    {
        var looping = random.NextDouble() < profile.LoopingResearchers;
        var iterations = looping ? random.Next(10, 15) : random.Next(2, 5);
        var model = random.NextDouble() < 0.3 ? FleetModels.GeminiFlash : FleetModels.Gpt41Mini;
        var children = new List<PlannedSpan>();
        var embedding = Embeddings(start + Milliseconds(10, 30), Seconds(0.1, 0.3), Tokens(200, 1000));
        children.Add(embedding);
        var cursor = embedding.End + Gap;
        for (var i = 0; i < iterations; i++)
        {
            var last = i == iterations - 1;
            // A looping agent goes round fast: short calls, cheap tools, and the context keeps growing.
            var call = Chat(model, cursor, looping ? Seconds(0.15, 0.35) : Seconds(0.4, 1.2),
                ResearcherTokens(model, i), finalAnswer: last);
            children.Add(call);
            cursor = call.End + Gap;
            if (!last)
            {
                var search = random.NextDouble() < 0.6;
                var tool = Tool(search ? "web_search" : "fetch_page", cursor,
                    looping ? Seconds(0.05, 0.2) : Seconds(0.2, 0.8),
                    failed: random.NextDouble() < (search ? profile.WebSearchFailures : 0.01),
                    errorType: search ? "timeout" : "http_error");
                children.Add(tool);
                cursor = tool.End + Gap;
            }
        }

        return AgentRun(FleetAgents.Researcher, session, start, cursor, iterations, children, errorType: null);
    }

    private PlannedSpan Writer(Session session, TimeSpan start)
    {
        var calls = profile.SlowWriter ? 3 : random.Next(1, 3);
        var children = new List<PlannedSpan>();
        var cursor = start + Milliseconds(10, 30);
        for (var i = 0; i < calls; i++)
        {
            var input = random.NextDouble() < profile.ContextPressure
                ? (long)(FleetModels.Gpt4oMini.ContextWindow * Between(0.92, 0.98))
                : Tokens(6_000, 24_000);
            var usage = new TokenUsage(input, Tokens(400, 1_500), CacheRead: i > 0 ? input / 2 : 0);
            var call = Chat(FleetModels.Gpt4oMini, cursor, profile.SlowWriter ? Seconds(11, 16) : Seconds(0.8, 2.0), usage,
                finalAnswer: i == calls - 1);
            children.Add(call);
            cursor = call.End + Gap;
        }

        var save = Tool("save_draft", cursor, Seconds(0.05, 0.15), failed: false, errorType: "io_error");
        children.Add(save);
        return AgentRun(FleetAgents.Writer, session, start, save.End + Gap, calls, children, errorType: null);
    }

    private PlannedSpan Reviewer(Session session, TimeSpan start)
    {
        var model = random.NextDouble() < 0.3 ? FleetModels.DeepSeekReasoner : FleetModels.O4Mini;
        var calls = random.Next(1, 3);
        var children = new List<PlannedSpan>();
        var cursor = start + Milliseconds(10, 30);
        for (var i = 0; i < calls; i++)
        {
            var reasoning = Tokens(300, 1_500);
            var input = Tokens(4_000, 10_000);
            var usage = new TokenUsage(input, Tokens(150, 600) + reasoning,
                CacheRead: model == FleetModels.O4Mini && i > 0 ? input / 2 : 0, Reasoning: reasoning);
            var call = Chat(model, cursor, Seconds(0.6, 1.5), usage, finalAnswer: i == calls - 1);
            children.Add(call);
            cursor = call.End + Gap;
            if (i < calls - 1)
            {
                var checks = Tool("run_checks", cursor, Seconds(0.1, 0.4), failed: random.NextDouble() < 0.01, errorType: "check_failed");
                children.Add(checks);
                cursor = checks.End + Gap;
            }
        }

        return AgentRun(FleetAgents.Reviewer, session, start, cursor, calls, children, errorType: null);
    }

    /// <summary>
    /// The coordinator's Claude prompt is cached: the first call of a session writes the cache, every later call
    /// reads most of its input from it.
    /// </summary>
    private TokenUsage CoordinatorTokens(int turn, bool firstCall)
    {
        var input = Tokens(3_000, 9_000);
        return turn == 0 && firstCall
            ? new TokenUsage(input, Tokens(150, 700), CacheWrite: Tokens(1_500, 2_500))
            : new TokenUsage(input, Tokens(150, 700), CacheRead: (long)(input * Between(0.5, 0.8)));
    }

    private TokenUsage ResearcherTokens(FleetModel model, int iteration)
    {
        var input = 1_500 + 1_200L * iteration + Tokens(0, 800);
        var reasoning = model.Reasons ? Tokens(100, 800) : 0;
        return new TokenUsage(input, Tokens(80, 500) + reasoning,
            CacheRead: model.Provider == "openai" && iteration > 0 ? input * 2 / 5 : 0, Reasoning: reasoning);
    }

    private PlannedSpan AgentRun(string agent, Session session, TimeSpan start, TimeSpan end, int iterations,
        IReadOnlyList<PlannedSpan> children, string? errorType) => new()
        {
            Name = $"invoke_agent {agent}",
            Kind = ActivityKind.Internal,
            Start = start,
            End = end,
            Attributes =
            [
                new("gen_ai.operation.name", "invoke_agent"),
                new("gen_ai.agent.name", agent),
                new("gen_ai.agent.id", $"agent_{agent}_v2"),
                new("gen_ai.conversation.id", session.Id),
                new("user.id", session.UserId),
                new("agent.iterations", (long)iterations),
            ],
            ErrorType = errorType,
            Children = children,
        };

    private PlannedSpan Chat(FleetModel model, TimeSpan start, TimeSpan duration, TokenUsage usage, bool finalAnswer)
    {
        var failed = random.NextDouble() < ChatFailures;
        var attributes = new List<KeyValuePair<string, object?>>
        {
            new("gen_ai.operation.name", "chat"),
            new("gen_ai.provider.name", model.Provider),
            new("gen_ai.request.model", model.Model),
            new("server.address", model.ServerAddress),
        };
        if (!failed)
        {
            attributes.Add(new("gen_ai.response.model", model.Model));
            attributes.Add(new("gen_ai.response.finish_reasons", new[] { finalAnswer ? "stop" : "tool_calls" }));
            AddUsage(attributes, usage);
        }

        return new PlannedSpan
        {
            Name = $"chat {model.Model}",
            Kind = ActivityKind.Client,
            Start = start,
            End = start + duration,
            Attributes = attributes,
            ErrorType = failed ? "rate_limit_exceeded" : null,
        };
    }

    private static PlannedSpan Embeddings(TimeSpan start, TimeSpan duration, long inputTokens)
    {
        var model = FleetModels.Embedding;
        return new PlannedSpan
        {
            Name = $"embeddings {model.Model}",
            Kind = ActivityKind.Client,
            Start = start,
            End = start + duration,
            Attributes =
            [
                new("gen_ai.operation.name", "embeddings"),
                new("gen_ai.provider.name", model.Provider),
                new("gen_ai.request.model", model.Model),
                new("gen_ai.response.model", model.Model),
                new("server.address", model.ServerAddress),
                new("gen_ai.usage.input_tokens", inputTokens),
            ],
        };
    }

    private PlannedSpan Tool(string name, TimeSpan start, TimeSpan duration, bool failed, string errorType) => new()
    {
        Name = $"execute_tool {name}",
        Kind = ActivityKind.Internal,
        Start = start,
        End = start + duration,
        Attributes =
        [
            new("gen_ai.operation.name", "execute_tool"),
            new("gen_ai.tool.name", name),
            new("gen_ai.tool.type", "function"),
            new("gen_ai.tool.call.id", $"call_{random.NextInt64():x16}"),
        ],
        ErrorType = failed ? errorType : null,
    };

    private static void AddUsage(List<KeyValuePair<string, object?>> attributes, TokenUsage usage)
    {
        attributes.Add(new("gen_ai.usage.input_tokens", usage.Input));
        attributes.Add(new("gen_ai.usage.output_tokens", usage.Output));
        if (usage.CacheRead > 0)
        {
            attributes.Add(new("gen_ai.usage.cache_read.input_tokens", usage.CacheRead));
        }

        if (usage.CacheWrite > 0)
        {
            attributes.Add(new("gen_ai.usage.cache_write.input_tokens", usage.CacheWrite));
        }

        if (usage.Reasoning > 0)
        {
            attributes.Add(new("gen_ai.usage.reasoning.output_tokens", usage.Reasoning));
        }
    }

    private double Between(double min, double max) => min + (random.NextDouble() * (max - min));

    private TimeSpan Seconds(double min, double max) => TimeSpan.FromSeconds(Between(min, max));

    private TimeSpan Milliseconds(double min, double max) => TimeSpan.FromMilliseconds(Between(min, max));

    private long Tokens(long min, long max) => random.NextInt64(min, max + 1);
}
