using CostWatch.Core.Pricing;

namespace CostWatch.Worker.Pricing;

/// <summary>The built-in catalog alone, for a deployment without user price files.</summary>
internal sealed class BuiltInPriceCatalogSource : IPriceCatalogSource
{
    public PriceCatalog Current => BuiltInPriceCatalog.Catalog;
}
