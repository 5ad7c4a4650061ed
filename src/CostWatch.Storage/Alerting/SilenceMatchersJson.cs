using System.Text;
using System.Text.Json;
using CostWatch.Core.Alerting.Silences;

namespace CostWatch.Storage.Alerting;

/// <summary><c>alert_silences.matchers</c>: a JSON array of <c>{"name","value","isRegex","isEqual"}</c>.</summary>
internal static class SilenceMatchersJson
{
    public static string Write(IEnumerable<LabelMatcher> matchers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var matcher in matchers)
            {
                writer.WriteStartObject();
                writer.WriteString("name", matcher.Name);
                writer.WriteString("value", matcher.Value);
                writer.WriteBoolean("isRegex", matcher.IsRegex);
                writer.WriteBoolean("isEqual", matcher.IsEqual);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <exception cref="JsonException">Not an array of matchers.</exception>
    /// <exception cref="InvalidSilenceException">A stored matcher is no longer valid.</exception>
    public static IReadOnlyList<LabelMatcher> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Silence matchers are not a JSON array: {json}");
        }

        return document.RootElement.EnumerateArray()
            .Select(m => new LabelMatcher(m.GetProperty("name").GetString()!, m.GetProperty("value").GetString()!,
                m.GetProperty("isRegex").GetBoolean(), m.GetProperty("isEqual").GetBoolean()))
            .ToList();
    }
}
