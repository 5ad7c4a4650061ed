namespace CostWatch.PriceCatalogBuilder;

/// <summary>What a build wrote, for the summary printed to the console.</summary>
internal sealed record CatalogBuildResult(
    string CatalogPath, int EntryCount, long CatalogBytes, string SourceSha256, string Snapshot, string SourceCommit);
