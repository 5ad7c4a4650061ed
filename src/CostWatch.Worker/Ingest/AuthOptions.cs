namespace CostWatch.Worker.Ingest;

/// <summary><c>CostWatch:Auth</c>: bearer tokens. Empty lists mean no authentication.</summary>
internal sealed class AuthOptions
{
    public const string Section = "CostWatch:Auth";

    public List<string> IngestTokens { get; set; } = [];
}
