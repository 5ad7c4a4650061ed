namespace CostWatch.Core.Alerting.Engine;

/// <summary>What one evaluation says of one group.</summary>
public enum AlertVerdict
{
    /// <summary>Enough data, and the condition does not hold.</summary>
    Clear,

    /// <summary>The condition holds.</summary>
    Breached,

    /// <summary>Fewer samples than the rule's minimum, or nothing may be judged yet: no state moves.</summary>
    InsufficientData,

    /// <summary>Trace loss only: the agent has been silent past <c>retireAfter</c> and is no longer expected.</summary>
    Retired,
}
