using YamlDotNet.RepresentationModel;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>Small reads of YAML files (provisioning, rules, compose output) through YamlDotNet's node model.</summary>
internal static class YamlFile
{
    public static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlMappingNode> Mappings(this YamlMappingNode node, string key) =>
        node.Get(key) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>() : [];
}
