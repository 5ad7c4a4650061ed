using CostWatch.Worker.Hosting;

namespace CostWatch.Worker.Tests.EndToEnd;

/// <summary>A price file that cannot be used, or invalid pricing and dimension options, stop the start.</summary>
public sealed class PricingStartupTests
{
    [Fact]
    public void InvalidPriceFile_StopsTheStart_NamingKeyFileEntryAndField()
    {
        var directory = Directory.CreateTempSubdirectory("costwatch-prices-").FullName;
        var path = Path.Combine(directory, "prices.yaml");
        File.WriteAllText(path, "models:\n  - id: my-model\n    inputPerMillion: -3\n");
        var missing = Path.Combine(directory, "missing.json");
        try
        {
            var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
                [$"--CostWatch:Pricing:Files:0={path}", $"--CostWatch:Pricing:Files:1={missing}"]));

            Assert.Equal(
            [
                $"CostWatch:Pricing:Files:0: {path}: models[0] 'my-model': inputPerMillion is negative: -3",
                $"CostWatch:Pricing:Files:1: {missing}: file not found (looked for {missing}).",
            ], error.Failures);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void InvalidPricingAndDimensionOptions_StopTheStart_NamingEveryKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CostWatchApp.Build(
        [
            "--CostWatch:Pricing:Files:0=prices.csv", "--CostWatch:Pricing:ReloadInterval=00:00:00",
            "--CostWatch:Costs:Dimensions:model=llm.model", "--CostWatch:Costs:Dimensions:team=",
        ]));

        Assert.Equal(
        [
            "CostWatch:Pricing:Files:0 must end in .json, .yaml or .yml (which says how to read it), was 'prices.csv'.",
            "CostWatch:Pricing:ReloadInterval must be at least 00:00:01, was 00:00:00.",
            "CostWatch:Costs:Dimensions:model: 'model' is a built-in dimension (agent, session, model, provider, service, user, tool); choose another name.",
            "CostWatch:Costs:Dimensions:team must name a span or resource attribute (for example team.name), was empty.",
        ], error.Failures);
    }
}
