namespace CostWatch.Storage.Rollups;

/// <summary>
/// One model's calls in a re-pricing run: the cost of its priced calls before and after, and how many calls
/// were unpriced before and after (a model newly added to the catalog moves calls from one to the other).
/// </summary>
public sealed record RepriceModelChange(
    string Model,
    long Calls,
    long ChangedCalls,
    decimal CostBefore,
    decimal CostAfter,
    long UnpricedBefore,
    long UnpricedAfter);
