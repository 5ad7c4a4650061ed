using CostWatch.Storage.Rollups;
using Microsoft.Extensions.Options;

namespace CostWatch.Worker.Rollups;

/// <summary>
/// How wide the rollup job's next window may be, learned from the passes before it. A pass is bounded by
/// <see cref="RollupOptions.MaxRecordsPerPass"/>, but a window is chosen in transactions (<c>change_seq</c>
/// values), before its records are counted: each pass tells how many records its transactions held, and the next
/// window spans as many transactions as should hold three quarters of the bound. A window that holds more than the
/// bound anyway is given up after reading one record past it, and the next is half as wide.
/// </summary>
internal sealed class RollupPassBounds(IOptions<RollupOptions> options)
{
    private readonly int _maxRecords = options.Value.MaxRecordsPerPass;

    // Until a pass has been seen, a window is as wide as what is ready; its records still stop at the bound.
    private long _maxTransactions = long.MaxValue;

    public RollupBounds Next => new(_maxTransactions, _maxRecords);

    /// <summary>Learns from a pass how wide the next window may be.</summary>
    public void Learn(RollupPass pass)
    {
        if (pass.TooLarge)
        {
            _maxTransactions = Math.Max(1, pass.Transactions / 2);
        }
        else if (pass.Ran && pass.Records > 0)
        {
            // Three quarters of the bound's worth of transactions at this window's density: the density of a backlog
            // varies from window to window, and a window that holds more than the bound is read in vain.
            var transactions = (double)pass.Transactions * _maxRecords * 3 / 4 / pass.Records;
            _maxTransactions = transactions >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)transactions);
        }
        else if (pass.Ran)
        {
            // Nothing to learn from an empty window: widen again, so that a bound from a burst does not stay.
            _maxTransactions = _maxTransactions > long.MaxValue / 2 ? long.MaxValue : _maxTransactions * 2;
        }
    }
}
