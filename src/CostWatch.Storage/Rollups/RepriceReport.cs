namespace CostWatch.Storage.Rollups;

/// <summary>The difference a re-pricing run made (or, dry, would make), per model and in total.</summary>
public sealed record RepriceReport(DateTime From, DateTime To, bool DryRun, IReadOnlyList<RepriceModelChange> Models)
{
    public long Calls => Models.Sum(m => m.Calls);

    public long ChangedCalls => Models.Sum(m => m.ChangedCalls);

    public decimal CostBefore => Models.Sum(m => m.CostBefore);

    public decimal CostAfter => Models.Sum(m => m.CostAfter);
}
