namespace CostWatch.Core.Alerting.Rules;

/// <summary>What the rules file accepts for one kind, beyond the fields every rule has.</summary>
/// <param name="FileName">The kind's spelling in the file.</param>
/// <param name="GroupBy">The labels it may group by (also the default); null: any dimension name (budget).</param>
/// <param name="Threshold">What its <c>threshold</c> is.</param>
/// <param name="Fields">Its own fields.</param>
internal sealed record AlertRuleKindSpec(string FileName, IReadOnlyList<string>? GroupBy, RuleThreshold Threshold,
    IReadOnlyList<string> Fields);
