using CostWatch.Core.Alerting.Rules;
using CostWatch.Worker.Files;

namespace CostWatch.Worker.Alerting;

/// <summary>
/// Reads a YAML rules file: YamlDotNet turns it into JSON here, and Core's <see cref="AlertRuleSetReader"/> checks
/// every field (Core has no package dependencies, so YAML stays in the host, as for price files).
/// </summary>
public static class AlertRulesParser
{
    private static readonly YamlFileKind Kind = new("a rules file", "evaluationInterval: 30s and rules: [ ... ]");

    /// <param name="yamlText">The file's text.</param>
    /// <param name="sourceName">The file's path as configured: named in every error and kept as <see cref="AlertRuleSet.Source"/>.</param>
    /// <exception cref="AlertRulesException">Every problem in the file, each naming the file, the rule and the field.</exception>
    public static AlertRuleSet Parse(string yamlText, string sourceName)
    {
        string json;
        try
        {
            json = YamlJson.ToJson(sourceName, Kind, yamlText);
        }
        catch (InvalidFileException e)
        {
            throw new AlertRulesException(sourceName, e.Errors);
        }

        return AlertRuleSetReader.Read(sourceName, json);
    }
}
