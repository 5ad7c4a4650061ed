using System.Text.Json;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>Collects the problems of one rules file, each prefixed with the file name, the place and the field.</summary>
internal sealed class RuleFileErrors(string fileName)
{
    private readonly List<string> _errors = [];

    public string FileName { get; } = fileName;

    public int Count => _errors.Count;

    /// <param name="where">The rule (<c>rule 'TraceLoss'</c>, <c>rules[2]</c>) and field, or a top-level field.</param>
    /// <param name="problem">What is wrong, with the value found.</param>
    public void Add(string where, string problem) => _errors.Add($"{FileName}: {where}: {problem}");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new AlertRulesException(FileName, _errors.ToArray());
        }
    }

    public static JsonDocument ParseDocument(string fileName, string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new AlertRulesException(fileName, [$"{fileName}: not a valid document: {e.Message}"]);
        }
    }
}
