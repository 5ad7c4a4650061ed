using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>The pricing table of <see cref="PricingCaseTable"/>: exact amounts, provenance and matched entry.</summary>
public sealed class CostCalculatorTableTests
{
    public static TheoryData<string> CaseNames => [.. PricingCaseTable.Cases.Keys];

    [Fact]
    public void Table_HasAtLeastFortyCases() => Assert.True(PricingCaseTable.Cases.Count >= 40);

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
