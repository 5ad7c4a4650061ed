using CostWatch.Core.Pricing;

namespace CostWatch.Worker.Pricing;

/// <summary>The price catalog in force: the built-in entries plus the user price files, swapped whole when a file changes.</summary>
internal interface IPriceCatalogSource
{
    PriceCatalog Current { get; }
}
