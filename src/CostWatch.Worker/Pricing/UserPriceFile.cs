using CostWatch.Core.Pricing;
using CostWatch.Worker.Files;

namespace CostWatch.Worker.Pricing;

/// <summary>A user price file's entries from its text, in the format its extension names.</summary>
internal static class UserPriceFile
{
    public static readonly IReadOnlyList<string> Extensions = [".json", ".yaml", ".yml"];

    private static readonly YamlFileKind Kind = new("a price file", "models: [ ... ] or LiteLLM's format");

    public static bool HasKnownExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <param name="fileName">The file's path as configured: named in errors and recorded as every entry's source.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="PriceFileException">Every problem found, each naming the file, the entry and the field.</exception>
    public static IReadOnlyList<PriceEntry> Parse(string fileName, string text) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".json" => UserPriceFileParser.ParseJson(fileName, text),
            ".yaml" or ".yml" => UserPriceFileParser.ParseJson(fileName, YamlToJson(fileName, text)),
            _ => throw new PriceFileException(fileName,
                [$"{fileName}: the name must end in .json, .yaml or .yml, which says how to read it"]),
        };

    private static string YamlToJson(string fileName, string yaml)
    {
        try
        {
            return YamlJson.ToJson(fileName, Kind, yaml);
        }
        catch (InvalidFileException e)
        {
            throw new PriceFileException(fileName, e.Errors);
        }
    }
}
