namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>Files of the repository the tests were built from (dashboards, rules, compose file, Dockerfile).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "CostWatch.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("CostWatch.sln not found above the test binaries");
        }

        return directory.FullName;
    }
}
