using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

/// <summary>Money stays exact: a total equals the sum of its parts, to the last digit.</summary>
public sealed class CostExactnessTests
{
    [Fact]
    public void Price_TenThousandCalls_SumOfCallsEqualsRatesTimesSummedBuckets()
    {
        // One model below its long-context threshold, so every call uses the same four rates.
        var random = new Random(20260724);
        var total = 0m;
        var breakdownTotal = 0m;
        long uncached = 0, cacheRead = 0, cacheWrite = 0, output = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var call = new PricingCase
            {
                Name = "random",
                ExpectedSource = CostSource.Computed,
                ResponseModel = "claude-sonnet-4-5",
                Input = random.Next(0, 150_000),
                CacheRead = random.Next(0, 20_000),
                CacheWrite = random.Next(0, 20_000),
                Output = random.Next(0, 8_000),
            };

            var cost = CostCalculator.Price(call.ToCall(), PricingTestCatalog.Catalog);

            Assert.Equal(CostSource.Computed, cost.Source);
            total += cost.Amount!.Value;
            breakdownTotal += cost.Breakdown!.UncachedInput + cost.Breakdown.CacheRead + cost.Breakdown.CacheWrite
                + cost.Breakdown.OutputWithoutReasoning + cost.Breakdown.Reasoning;
            uncached += cost.Buckets.UncachedInput;
            cacheRead += cost.Buckets.CacheRead;
            cacheWrite += cost.Buckets.CacheWrite;
            output += cost.Buckets.OutputWithoutReasoning;
        }

        var recomputed = (uncached * 0.000003m) + (cacheRead * 0.0000003m) + (cacheWrite * 0.00000375m)
            + (output * 0.000015m);
        Assert.Equal(recomputed, total);
        Assert.Equal(total, breakdownTotal);
    }

    [Fact]
    public void Price_RateWithSeventeenDigits_KeptExactly()
    {
        var entry = LiteLlmPriceParser.Parse(
            "p.json", """{ "m": { "mode": "chat", "input_cost_per_token": 1.9999700000000004e-06 } }""",
            PriceEntry.BuiltInSource);
        var call = new PricingCase { Name = "m", ExpectedSource = CostSource.Computed, ResponseModel = "m", Input = 3 };

        var cost = CostCalculator.Price(call.ToCall(), new PriceCatalog(entry, []));

        // Through double the rate would become 1.99997e-06 and the cost 0.00000599991.
        Assert.Equal(0.0000059999100000000012m, cost.Amount);
    }
}
