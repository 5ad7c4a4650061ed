namespace CostWatch.Worker.Pricing;

/// <summary><c>CostWatch:Pricing</c>: the user's price files, which win over the built-in catalog.</summary>
internal sealed class PricingOptions
{
    public const string Section = "CostWatch:Pricing";

    /// <summary>
    /// Paths of price files (<c>.json</c>, <c>.yaml</c> or <c>.yml</c>), relative to the working directory unless
    /// absolute. For the same model, provider and effective date, a later file wins over an earlier one.
    /// </summary>
    public List<string> Files { get; set; } = [];

    /// <summary>How often the files are checked for changes (by content, so a ConfigMap's symlink swap counts).</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}
