namespace CostWatch.Core.Pricing;

/// <summary>Where a call's cost came from. Unpriced is the default: a cost is never assumed to be $0.</summary>
public enum CostSource : short
{
    /// <summary>No catalog entry could price the call: its tokens count, its cost is unknown.</summary>
    Unpriced = 0,

    /// <summary>Computed from the catalog entry recorded with the cost.</summary>
    Computed = 1,

    /// <summary>Reported by the emitter (<c>gen_ai.usage.cost</c>), which is authoritative.</summary>
    Reported = 2,
}
