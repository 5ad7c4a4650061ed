namespace CostWatch.Core.Pricing;

/// <summary>
/// The price catalog shipped inside CostWatch, derived from LiteLLM's price file by
/// <c>tools/CostWatch.PriceCatalogBuilder</c> (run <c>scripts/refresh-prices.sh</c>) and embedded in this
/// assembly. Parsed once, on first use.
/// </summary>
public static class BuiltInPriceCatalog
{
    public const string CatalogResourceName = "CostWatch.Core.Pricing.BuiltInCatalog.litellm-catalog.json";
    public const string NoticeResourceName = "CostWatch.Core.Pricing.BuiltInCatalog.NOTICE.md";

    private static readonly Lazy<PriceCatalogDocument> LazyDocument = new(() =>
        PriceCatalogReader.Read("litellm-catalog.json", ReadResource(CatalogResourceName), PriceEntry.BuiltInSource));

    private static readonly Lazy<PriceCatalog> LazyCatalog = new(() => new PriceCatalog(LazyDocument.Value.Entries, []));

    /// <summary>The embedded catalog: its entries and the source file they were derived from.</summary>
    public static PriceCatalogDocument Load() => LazyDocument.Value;

    /// <summary>A catalog of the built-in entries alone; add user entries with <see cref="PriceCatalog.WithUserEntries"/>.</summary>
    public static PriceCatalog Catalog => LazyCatalog.Value;

    /// <summary>The license notice the source's MIT license requires to travel with the derived catalog.</summary>
    public static string Notice() => ReadResource(NoticeResourceName);

    private static string ReadResource(string name)
    {
        using var stream = typeof(BuiltInPriceCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(BuiltInPriceCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
