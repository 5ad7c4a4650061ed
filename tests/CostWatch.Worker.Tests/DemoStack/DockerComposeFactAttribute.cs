namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>
/// A fact that needs <c>docker-compose</c> (Debian's package, which <c>scripts/test.sh</c> installs): skipped on a
/// developer machine without it, never skipped with <c>CI=true</c>, where it fails if it is missing.
/// </summary>
public sealed class DockerComposeFactAttribute : FactAttribute
{
    public const string Unavailable = "docker-compose not found on the PATH: install Debian's docker-compose package (scripts/test.sh does)";

    public DockerComposeFactAttribute()
    {
        Skip = Path is not null || Environment.GetEnvironmentVariable("CI") == "true" ? null : Unavailable;
    }

    public static string? Path { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "docker-compose"))
            .FirstOrDefault(File.Exists);
}
