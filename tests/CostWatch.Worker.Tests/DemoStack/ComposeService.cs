using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>
/// One service of docker-compose.yml as it runs with no <c>.env</c>: its environment with every <c>${VAR:-default}</c>
/// resolved to its default, and the repository files its bind mounts put at a path inside the container. Read from
/// the file itself, so tests that need no Docker nor docker-compose can follow what the stack gives its services.
/// </summary>
internal sealed partial class ComposeService
{
    private readonly YamlMappingNode _service;

    private ComposeService(string name, YamlMappingNode service)
    {
        Name = name;
        _service = service;
        Environment = service.Get("environment") is YamlMappingNode environment
            ? environment.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => WithDefaults(((YamlScalarNode)e.Value).Value ?? ""))
            : [];
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static ComposeService Read(string name)
    {
        var services = (YamlMappingNode)YamlFile.Parse(RepositoryFiles.Read("docker-compose.yml")).Get("services")!;
        return services.Get(name) is YamlMappingNode service
            ? new ComposeService(name, service)
            : throw new InvalidOperationException($"docker-compose.yml has no service '{name}'");
    }

    /// <summary>
    /// The repository file a bind mount (<c>./host/path:/container/path[:ro]</c>) puts at <paramref name="containerPath"/>,
    /// the file mounted itself or one inside a mounted directory.
    /// </summary>
    public string HostPathOf(string containerPath)
    {
        var mounts = _service.Get("volumes") is YamlSequenceNode volumes
            ? volumes.Children.OfType<YamlScalarNode>().Select(v => v.Value!.Split(':')).Where(parts => parts[0].StartsWith("./", StringComparison.Ordinal))
            : [];
        foreach (var parts in mounts)
        {
            var (source, target) = (parts[0], parts[1]);
            if (containerPath == target)
            {
                return RepositoryFiles.PathOf(source[2..]);
            }

            if (containerPath.StartsWith(target + "/", StringComparison.Ordinal))
            {
                return RepositoryFiles.PathOf(Path.Combine(source[2..], containerPath[(target.Length + 1)..]));
            }
        }

        throw new InvalidOperationException($"no bind mount of service '{Name}' from the repository puts a file at {containerPath}");
    }

    /// <summary><c>${VAR:-default}</c> as compose resolves it when VAR is unset; <c>$$</c> is a literal <c>$</c>.</summary>
    private static string WithDefaults(string value)
    {
        var resolved = VariableWithDefault().Replace(value, match => match.Groups[1].Value);
        return resolved.Replace("$$", "\u0000", StringComparison.Ordinal).Contains('$', StringComparison.Ordinal)
            ? throw new InvalidOperationException($"'{value}' reads a variable without a default (${{VAR:-default}} expected)")
            : resolved.Replace("\u0000", "$", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$\{[A-Z_][A-Z0-9_]*:-([^}]*)\}")]
    private static partial Regex VariableWithDefault();
}
