using CostWatch.Core.Pricing;
using CostWatch.Storage.Rollups;
using CostWatch.Worker.Observability;
using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Rollups;

/// <summary>
/// Re-prices the calls of a time range with the catalog in force now, after the catalog changed; the calls keep
/// their start time, so each is priced with the entry effective then. Serves the <c>reprice</c> command and the API.
/// </summary>
internal sealed class Repricer(IRollupStore store, IPriceCatalogSource prices, ILogger<Repricer> logger)
{
    public async Task<RepriceReport> RunAsync(DateTime from, DateTime to, bool dryRun, CancellationToken cancellationToken)
    {
        var catalog = prices.Current;
        var report = await store.RepriceAsync(from, to, call => CostCalculator.Price(call, catalog), dryRun,
            cancellationToken);
        Log.Repriced(logger, from, to, dryRun, report.Calls, report.ChangedCalls, report.CostBefore, report.CostAfter);
        return report;
    }
}
