namespace CostWatch.Core.Tests.Pricing;

/// <summary>
/// LiteLLM's price file the built-in catalog was derived from, where CI keeps it: <c>../shared/data</c> beside the
/// repository. Tests that need it are skipped when it is absent.
/// </summary>
internal static class SourcePriceFile
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CostWatch.sln")))
            {
                var path = System.IO.Path.GetFullPath(
                    System.IO.Path.Combine(directory.FullName, "..", "shared", "data", "litellm-model-prices.json"));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
