using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>The pricing table of <see cref="PricingCaseTable"/>: exact amounts, provenance and matched entry.</summary>
public sealed class CostCalculatorTableTests
{
    public static TheoryData<string> CaseNames => [.. PricingCaseTable.Cases.Keys];

    [Fact]
    public void Table_HasAtLeastFortyCases() => Assert.True(PricingCaseTable.Cases.Count >= 40);

    /// <summary>The categories issue 3's Proof asks the table to cover, each with the cases that cover it.</summary>
    [Theory]
    [InlineData("Anthropic input including cache", "Anthropic input excluding cache", "User entry, Anthropic input excluding cache")]
    [InlineData("OpenAI cached input", "OpenAI fully cached input")]
    [InlineData("Reasoning at the output rate", "Reasoning at its own rate", "User entry with cache and reasoning rates")]
    [InlineData("Long context above the threshold", "Tiered pricing, highest range", "User entry above its tier threshold")]
    [InlineData("Embedding", "User embedding entry")]
    [InlineData("Reported cost beats the catalog", "Reported cost beats a user entry")]
    [InlineData("Unknown model")]
    [InlineData("User entry beats built-in once effective", "User pattern beats a built-in id")]
    [InlineData("User model at its price change", "User entry not yet effective")]
    [InlineData("Prefixed openai/ id", "Dated snapshot falls back to its model", "Prefixed, dated and upper-case id", "User entry, prefixed and dated id")]
    public void Table_CoversTheCategory(params string[] caseNames) =>
        Assert.All(caseNames, name => Assert.Contains(name, PricingCaseTable.Cases.Keys));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Price_TableCase_MatchesHandComputedCost(string name)
    {
        var expected = PricingCaseTable.Cases[name];

        var cost = CostCalculator.Price(expected.ToCall(), PricingTestCatalog.Catalog);

        Assert.Equal(expected.ExpectedSource, cost.Source);
        Assert.Equal(expected.ExpectedAmount, cost.Amount);
        Assert.Equal(expected.ExpectedEntry, cost.EntryId);
        Assert.Equal(expected.ExpectedEntrySource, cost.EntrySource);
        if (cost.Source == CostSource.Computed)
        {
            Assert.Equal(cost.Amount, cost.Breakdown!.Total);
        }
        else
        {
            Assert.Null(cost.Breakdown);
        }
    }
}
