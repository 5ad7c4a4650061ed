using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Tests.Pricing;

public sealed class PricingOptionsValidatorTests
{
    private static IEnumerable<string> Failures(PricingOptions options) =>
        new PricingOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Failures(new PricingOptions()));

    [Fact]
    public void EveryProblem_IsReported_NamingItsKey() =>
        Assert.Equal(
        [
            "CostWatch:Pricing:Files:0 is empty.",
            "CostWatch:Pricing:Files:1 must end in .json, .yaml or .yml (which says how to read it), was 'prices.toml'.",
            "CostWatch:Pricing:Files:3 names the same file as CostWatch:Pricing:Files:2: './a.yaml'.",
            "CostWatch:Pricing:ReloadInterval must be at least 00:00:01, was 00:00:00.5000000.",
        ],
        Failures(new PricingOptions
        {
            Files = [" ", "prices.toml", "a.yaml", "./a.yaml"],
            ReloadInterval = TimeSpan.FromMilliseconds(500),
        }));
}
