namespace CostWatch.Simulator;

/// <summary>The agents of the demo fleet: a coordinator fanning out to three kinds of subagent.</summary>
internal static class FleetAgents
{
    public const string Coordinator = "coordinator";
    public const string Researcher = "researcher";
    public const string Writer = "writer";
    public const string Reviewer = "reviewer";

    public static IReadOnlyList<string> All { get; } = [Coordinator, Researcher, Writer, Reviewer];
}
