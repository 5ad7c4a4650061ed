namespace CostWatch.Worker.Files;

/// <summary>What a YAML file holds, in the words of <see cref="YamlJson"/>'s errors.</summary>
/// <param name="Name">With its article: <c>a price file</c>.</param>
/// <param name="Expected">What an empty file lacks: <c>models: [ ... ] or LiteLLM's format</c>.</param>
internal sealed record YamlFileKind(string Name, string Expected);
