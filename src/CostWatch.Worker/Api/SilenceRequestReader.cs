using System.Text.Json;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Core.Costs;
using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Api;

/// <summary>
/// Reads the body of <c>POST /api/v1/silences</c> into a new <see cref="Silence"/>, checking every field and
/// naming each bad one (<c>matchers[1].value</c>, <c>endsAt</c>, ...): the 400 names the first and its message
/// holds them all. Matchers are objects <c>{name, value, isRegex, isEqual}</c> (as Alertmanager's API) or strings
/// in the <c>name=~"value"</c> form.
/// </summary>
internal static class SilenceRequestReader
{
    /// <summary>Far more than any silence needs; a bigger body is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Fields = ["matchers", "startsAt", "endsAt", "createdBy", "comment", "id"];
    private static readonly string[] MatcherFields = ["name", "value", "isRegex", "isEqual"];

    /// <exception cref="QueryParameterException">The body is not a valid silence; names the first bad field.</exception>
    public static async Task<Silence> ReadAsync(HttpRequest request, DateTime now, CancellationToken cancellationToken)
    {
        using var document = await ParseBodyAsync(request, cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new QueryParameterException("body", $"the body must be a JSON object with {string.Join(", ", Fields[..5])}");
        }

        var problems = new List<SilenceProblem>();
        var fields = Properties(root, "", Fields, problems);
        if (fields.TryGetValue("id", out var id) && !(id.ValueKind == JsonValueKind.Null
                                                      || id.ValueKind == JsonValueKind.String && id.GetString() == ""))
        {
            problems.Add(new SilenceProblem("id", "a silence cannot be updated; expire it (DELETE) and create a new one"));
        }

        var matchers = ReadMatchers(Field(fields, "matchers"), problems);
        // Like Alertmanager: a silence acts from now on, whatever start in the past it is given.
        var startsAt = fields.TryGetValue("startsAt", out var starts) && starts.ValueKind != JsonValueKind.Null
            ? ReadTime(starts, "startsAt", problems) is { } start && start > now ? start : now
            : now;
        var endsAt = fields.TryGetValue("endsAt", out var ends)
            ? ReadTime(ends, "endsAt", problems)
            : Missing("endsAt", $"endsAt is required, an RFC 3339 time such as {Rfc3339.Example}", problems);
        var createdBy = ReadText(Field(fields, "createdBy"), "createdBy", problems);
        var comment = ReadText(Field(fields, "comment"), "comment", problems);

        // The silence's own rules (a missing createdBy or comment is named there), for the fields that were
        // readable: a field already found bad is named once.
        var badFields = problems.Select(p => p.Field.Split('[', '.')[0]).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Silence.Validate(matchers, startsAt, endsAt ?? DateTime.MaxValue, createdBy, comment, now)
            .Where(p => !badFields.Contains(p.Field)));
        if (problems.Count > 0)
        {
            throw new QueryParameterException(problems[0].Field, string.Join("; ", problems.Select(p => p.Message)));
        }

        return Silence.Create(Guid.NewGuid(), matchers, startsAt, endsAt!.Value, createdBy!, comment!, now);
    }

    /// <summary>The time as stored: to the microsecond.</summary>
    public static DateTime ToMicroseconds(DateTime utc) =>
        Core.Rollups.UnixTime.FromMicroseconds(Core.Rollups.UnixTime.Microseconds(utc));

    private static async Task<JsonDocument> ParseBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw new QueryParameterException("body", $"the body is not JSON: {e.Message}");
        }
    }

    private static QueryParameterException TooLarge() =>
        new("body", $"the body is larger than {MaxBodyBytes / 1024} KiB");

    /// <summary>The object's properties by name; unknown and repeated ones are problems.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement element, string prefix, string[] known,
        List<SilenceProblem> problems)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = prefix + property.Name;
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(new SilenceProblem(field, $"unknown field '{field}'; expected {string.Join(", ", known.Select(k => prefix + k))}"));
            }
            else if (!properties.TryAdd(property.Name, property.Value))
            {
                problems.Add(new SilenceProblem(field, $"{field} is given twice; give it once"));
            }
        }

        return properties;
    }

    private static JsonElement? Field(Dictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var element) ? element : null;

    private static List<LabelMatcher> ReadMatchers(JsonElement? element, List<SilenceProblem> problems)
    {
        var matchers = new List<LabelMatcher>();
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            problems.Add(new SilenceProblem("matchers", element is null
                ? "matchers is required: an array of {\"name\", \"value\", \"isRegex\", \"isEqual\"} objects"
                : "matchers must be an array of {\"name\", \"value\", \"isRegex\", \"isEqual\"} objects"));
            return matchers;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var field = $"matchers[{index++}]";
            try
            {
                switch (item.ValueKind)
                {
                    case JsonValueKind.String:
                        matchers.Add(LabelMatcher.Parse(item.GetString()!));
                        break;
                    case JsonValueKind.Object:
                        if (ReadMatcher(item, field, problems) is { } matcher)
                        {
                            matchers.Add(matcher);
                        }

                        break;
                    default:
                        problems.Add(new SilenceProblem(field,
                            $"{field} must be an object {{\"name\", \"value\", \"isRegex\", \"isEqual\"}} or a string such as agent=\"researcher\""));
                        break;
                }
            }
            catch (InvalidSilenceException e)
            {
                // A string matcher is one field; an object's problems are its name's or its value's.
                problems.AddRange(e.Problems.Select(p => item.ValueKind == JsonValueKind.String
                    ? new SilenceProblem(field, $"{field}: {p.Message}")
                    : new SilenceProblem($"{field}.{p.Field}", $"{field}.{p.Field}: {p.Message}")));
            }
        }

        return matchers;
    }

    /// <exception cref="InvalidSilenceException">The name or the regex is not valid.</exception>
    private static LabelMatcher? ReadMatcher(JsonElement item, string field, List<SilenceProblem> problems)
    {
        var before = problems.Count;
        var properties = Properties(item, field + ".", MatcherFields, problems);
        var name = ReadText(Field(properties, "name"), $"{field}.name", problems, required: true);
        var value = ReadText(Field(properties, "value"), $"{field}.value", problems, required: true);
        var isRegex = ReadFlag(properties, "isRegex", field, false, problems);
        var isEqual = ReadFlag(properties, "isEqual", field, true, problems);
        return problems.Count > before ? null : new LabelMatcher(name!, value!, isRegex, isEqual);
    }

    private static bool ReadFlag(Dictionary<string, JsonElement> properties, string name, string field, bool absent,
        List<SilenceProblem> problems)
    {
        if (!properties.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return absent;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        problems.Add(new SilenceProblem($"{field}.{name}", $"{field}.{name} must be true or false"));
        return absent;
    }

    /// <summary>A string field, or null: absent (a problem only when <paramref name="required"/>) or not a string.</summary>
    private static string? ReadText(JsonElement? element, string field, List<SilenceProblem> problems,
        bool required = false)
    {
        if (element is { ValueKind: JsonValueKind.String } text)
        {
            return text.GetString();
        }

        if (element is { ValueKind: not JsonValueKind.Null })
        {
            problems.Add(new SilenceProblem(field, $"{field} must be a string"));
        }
        else if (required)
        {
            problems.Add(new SilenceProblem(field, $"{field} is required"));
        }

        return null;
    }

    private static DateTime? ReadTime(JsonElement element, string field, List<SilenceProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.String && Rfc3339.TryParse(element.GetString()!, out var time))
        {
            return ToMicroseconds(time.UtcDateTime);
        }

        problems.Add(new SilenceProblem(field, $"{field} must be an RFC 3339 time such as {Rfc3339.Example}, was {element.GetRawText()}"));
        return null;
    }

    private static DateTime? Missing(string field, string message, List<SilenceProblem> problems)
    {
        problems.Add(new SilenceProblem(field, message));
        return null;
    }
}
