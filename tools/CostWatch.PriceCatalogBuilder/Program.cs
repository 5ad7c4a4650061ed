using CostWatch.Core.Pricing;
using CostWatch.PriceCatalogBuilder;

if (!BuilderArguments.TryParse(args, out var arguments, out var usageError))
{
    Console.Error.WriteLine(usageError);
    Console.Error.WriteLine(BuilderArguments.Usage);
    return 2;
}

try
{
    var result = CatalogBuilder.Build(arguments);
    Console.WriteLine($"Wrote {result.EntryCount} entries ({result.CatalogBytes:N0} bytes) to {result.CatalogPath}");
    Console.WriteLine($"Source sha256 {result.SourceSha256}, snapshot {result.Snapshot}, commit {result.SourceCommit}");
    return 0;
}
catch (Exception e) when (e is PriceFileException or IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
