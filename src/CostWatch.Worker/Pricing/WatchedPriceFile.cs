using CostWatch.Core.Pricing;

namespace CostWatch.Worker.Pricing;

/// <summary>One configured price file and what CostWatch last took from it.</summary>
internal sealed class WatchedPriceFile(string configKey, string path)
{
    /// <summary>The key that names the file, <c>CostWatch:Pricing:Files:0</c>, for start-up errors.</summary>
    public string ConfigKey { get; } = configKey;

    /// <summary>As configured: named in errors and recorded as the source of its entries.</summary>
    public string Path { get; } = path;

    /// <summary>SHA-256 of the content whose entries are in force.</summary>
    public byte[] AppliedHash { get; private set; } = [];

    public IReadOnlyList<PriceEntry> Entries { get; private set; } = [];

    /// <summary>The problem last logged for the file (rejected content or a read error), so each is logged once.</summary>
    public string? LoggedProblem { get; set; }

    public void Apply(byte[] hash, IReadOnlyList<PriceEntry> entries)
    {
        AppliedHash = hash;
        Entries = entries;
        LoggedProblem = null;
    }
}
