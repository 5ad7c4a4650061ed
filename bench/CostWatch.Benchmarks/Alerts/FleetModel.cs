namespace CostWatch.Benchmarks.Alerts;

/// <summary>
/// A model the seeded fleet calls: its id and provider as the built-in catalog knows them (so the context-window rule
/// finds its window there), and the per-token prices the seed charges. An unpriced model has no catalog entry.
/// </summary>
internal sealed record FleetModel(string Id, string Provider, long ContextWindow, decimal InputPerToken, decimal OutputPerToken)
{
    public static readonly FleetModel[] Priced =
    [
        new("gpt-4o", "openai", 128_000, 0.0000025m, 0.00001m),
        new("gpt-4o-mini", "openai", 128_000, 0.00000015m, 0.0000006m),
        new("claude-sonnet-4-5", "anthropic", 200_000, 0.000003m, 0.000015m),
        new("gpt-4.1-mini", "openai", 1_047_576, 0.0000004m, 0.0000016m),
    ];

    /// <summary>A model of the fleet's own that no price catalog knows: its calls are unpriced, its window unknown.</summary>
    public static readonly FleetModel Unpriced = new("acme-internal-llm", "acme", 0, 0m, 0m);

    public bool IsPriced => ContextWindow > 0;
}
