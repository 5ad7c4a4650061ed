using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>Collects the problems of one price file, each prefixed with the file name and the entry.</summary>
internal sealed class PriceFileErrors(string fileName)
{
    private readonly List<string> _errors = [];

    public string FileName { get; } = fileName;

    public int Count => _errors.Count;

    public void Add(string entryLabel, string problem) => _errors.Add($"{FileName}: {entryLabel}: {problem}");

    public void AddForFile(string problem) => _errors.Add($"{FileName}: {problem}");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new PriceFileException(FileName, _errors.ToArray());
        }
    }

    public static JsonDocument ParseDocument(string fileName, string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
        }
        catch (JsonException e)
        {
            throw new PriceFileException(fileName, [$"{fileName}: not valid JSON: {e.Message}"]);
        }
    }
}
