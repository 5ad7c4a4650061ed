namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// One agent of the seeded fleet and how it behaves. Most agents are healthy; a few misbehave in one way each, chosen
/// by index so that no agent breaches two rules and every run of the benchmark seeds the same fleet.
/// </summary>
internal sealed class FleetAgent
{
    private const int ToolsPerAgent = 5;
    private const int SessionsPerAgent = 8;

    public required string Name { get; init; }

    /// <summary>The tools this agent calls (a few of the fleet's).</summary>
    public required string[] Tools { get; init; }

    /// <summary>The models this agent calls, the first always priced.</summary>
    public required FleetModel[] Models { get; init; }

    public required string[] Sessions { get; init; }

    /// <summary>One run in five needs more than 8 iterations (healthy agents: one in a thousand).</summary>
    public bool Loops { get; init; }

    /// <summary>Runs take about 16 s instead of 4 s: the p99 is well over 30 s.</summary>
    public bool Slow { get; init; }

    /// <summary>Reports only in the first minutes of the seeded span, then falls silent.</summary>
    public bool Silent { get; init; }

    /// <summary>Sends one prompt of 95% of its first model's context window inside the 10 minute window.</summary>
    public bool BigPrompt { get; init; }

    /// <summary>Writes twenty times the output tokens: the one whose daily budget runs out.</summary>
    public bool Spender { get; init; }

    /// <summary>The tool that fails three calls in ten for this agent (healthy tools: one in a hundred); null for most.</summary>
    public string? FlakyTool { get; init; }

    public static FleetAgent[] Create(int agents, int tools)
    {
        var toolNames = Enumerable.Range(0, tools).Select(t => $"tool-{t:D2}").ToArray();
        return Enumerable.Range(0, agents).Select(i =>
        {
            var name = $"agent-{i:D4}";
            // Steps of 3 over a number of tools not divisible by 3 visit distinct tools; otherwise steps of 1.
            var step = tools % 3 == 0 ? 1 : 3;
            var own = Enumerable.Range(0, Math.Min(ToolsPerAgent, tools)).Select(k => toolNames[(i * 7 + k * step) % tools]).ToArray();
            FleetModel[] models =
            [
                FleetModel.Priced[i % FleetModel.Priced.Length], FleetModel.Priced[(i + 1) % FleetModel.Priced.Length],
                .. i % 10 == 7 ? [FleetModel.Unpriced] : Array.Empty<FleetModel>(),
            ];
            return new FleetAgent
            {
                Name = name,
                Tools = own,
                Models = models,
                Sessions = Enumerable.Range(0, SessionsPerAgent).Select(s => $"{name}-session-{s}").ToArray(),
                Loops = i % 20 == 1,
                Slow = i % 20 == 2,
                FlakyTool = i % 20 == 3 ? own[0] : null,
                Spender = i % 20 == 6,
                Silent = i % 50 == 4,
                BigPrompt = i % 100 == 5,
            };
        }).ToArray();
    }
}
