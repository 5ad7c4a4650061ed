namespace CostWatch.Worker.Ingest;

/// <summary><c>CostWatch:Auth</c>: bearer tokens. Empty lists mean no authentication.</summary>
internal sealed class AuthOptions
{
    public const string Section = "CostWatch:Auth";

    public List<string> IngestTokens { get; set; } = [];

    /// <summary>Tokens accepted on <c>/api/*</c>; a separate list, so an agent's ingest token cannot read costs.</summary>
    public List<string> ApiTokens { get; set; } = [];
}
