using System.Text.Json;
using System.Text.RegularExpressions;
using CostWatch.Core.Pricing;

namespace CostWatch.Core.Alerting.Rules;

/// <summary>
/// Reads the fields of one mapping of the rules file (the file itself, a rule, an inhibit rule), recording a
/// problem for every field present with the wrong type or value as <c>where: field: problem</c>. A getter returns
/// null both when the field is absent and when it was wrong; <see cref="Has"/> tells them apart where it matters.
/// </summary>
internal sealed partial class RuleFileObject(JsonElement element, string where, RuleFileErrors errors)
{
    public JsonElement Element { get; } = element;

    /// <summary>The place named in errors: <c>rule 'TraceLoss'</c>, <c>inhibitRules[0]</c>, or empty for the file.</summary>
    public string Where { get; } = where;

    public IEnumerable<string> FieldNames => Element.EnumerateObject().Select(p => p.Name);

    public static bool IsName(string text) => NamePattern().IsMatch(text);

    public bool Has(string field) => Element.TryGetProperty(field, out _);

    public void Fail(string field, string problem) => errors.Add(Where.Length == 0 ? field : $"{Where}: {field}", problem);

    public void Missing(string field, string what) => Fail(field, $"missing; {what}");

    /// <summary>Non-empty text.</summary>
    public string? Text(string field) =>
        Value(field) is { } value
            ? value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : Wrong(field, "must be non-empty text", value, null as string)
            : null;

    /// <summary>A duration such as <c>30s</c>, <c>5m</c>, <c>1h30m</c> (<see cref="RuleDuration"/>).</summary>
    public TimeSpan? Duration(string field)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && RuleDuration.TryParse(value.GetString()!, out var duration))
        {
            return duration;
        }

        if (value.ValueKind == JsonValueKind.Number && JsonDecimal.TryRead(value, out var number) && number == 0)
        {
            return TimeSpan.Zero;
        }

        var problem = value.ValueKind == JsonValueKind.Number
            ? "must be a duration with a unit (ms, s, m, h, d), such as 30s or 5m"
            : "must be a duration such as 30s, 5m or 1h30m (units ms, s, m, h, d; at most 3650d)";
        return Wrong<TimeSpan?>(field, problem, value, null);
    }

    public decimal? Number(string field) =>
        Value(field) is { } value
            ? value.ValueKind == JsonValueKind.Number && JsonDecimal.TryRead(value, out var number)
                ? number
                : Wrong<decimal?>(field, "must be a number", value, null)
            : null;

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public long? Count(string field, long min)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && JsonDecimal.TryReadCount(value, out var count) && count >= min
            ? count
            : Wrong<long?>(field, $"must be a whole number of at least {min}", value, null);
    }

    public bool? Boolean(string field) =>
        Value(field) is { } value
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : Wrong<bool?>(field, "must be true or false", value, null)
            : null;

    /// <summary>A list of non-empty texts, each at most once.</summary>
    public IReadOnlyList<string>? TextList(string field)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Wrong<IReadOnlyList<string>?>(field, "must be a list, such as [agent, tool]", value, null);
        }

        var items = new List<string>();
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
            {
                ok = Wrong(field, "every item must be non-empty text", item, false);
            }
            else if (items.Contains(text))
            {
                ok = Wrong(field, "lists the same item twice", item, false);
            }
            else
            {
                items.Add(text);
            }
        }

        return ok ? items : null;
    }

    public IReadOnlyList<decimal>? NumberList(string field)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Wrong<IReadOnlyList<decimal>?>(field, "must be a list of numbers, such as [0.8, 1.0]", value, null);
        }

        var items = new List<decimal>();
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && JsonDecimal.TryRead(item, out var number))
            {
                items.Add(number);
            }
            else
            {
                ok = Wrong(field, "every item must be a number", item, false);
            }
        }

        return ok ? items : null;
    }

    /// <summary>
    /// A mapping of names (<c>[A-Za-z_][A-Za-z0-9_]*</c>) to text. Values must be text in the file: a number's
    /// spelling does not survive YAML (<c>007</c> is 7), so one that should be text has to be quoted.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TextMap(string field)
    {
        if (Value(field) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Wrong<IReadOnlyDictionary<string, string>?>(field, "must be a mapping of names to text", value, null);
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var property in value.EnumerateObject())
        {
            if (!IsName(property.Name))
            {
                ok = Wrong(field, $"'{property.Name}' is not a valid name (letters, digits and '_', not starting with a digit)", property.Value, false, showValue: false);
            }
            else if (property.Value.ValueKind != JsonValueKind.String)
            {
                ok = Wrong($"{field}.{property.Name}", "must be text (quote numbers and booleans)", property.Value, false);
            }
            else
            {
                map[property.Name] = property.Value.GetString()!;
            }
        }

        return ok ? map : null;
    }

    /// <summary>The field's value, or null (with a problem recorded) when it is present but null.</summary>
    public JsonElement? Value(string field)
    {
        if (!Element.TryGetProperty(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            Fail(field, "has no value");
            return null;
        }

        return value;
    }

    private T Wrong<T>(string field, string problem, JsonElement value, T result, bool showValue = true)
    {
        Fail(field, showValue ? $"{problem}, got {Describe(value)}" : problem);
        return result;
    }

    /// <summary>How a rejected value appears: text quoted, numbers and booleans as written, lists and mappings by kind.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a mapping",
        _ => JsonDecimal.Describe(value),
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
