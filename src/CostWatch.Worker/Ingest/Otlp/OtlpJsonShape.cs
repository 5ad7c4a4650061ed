using System.Globalization;
using System.Text.Json;

namespace CostWatch.Worker.Ingest.Otlp;

/// <summary>
/// Reads the members of an OTLP/JSON request with the JSON types the protobuf JSON mapping allows, and words
/// the error for anything else with the path of the member, so a sender can find the mistake in their body.
/// Absent and <c>null</c> members are both "not set", as in the mapping.
/// </summary>
internal static class OtlpJsonShape
{
    /// <summary>int64 is a decimal string in OTLP/JSON, but encoders also write plain numbers.</summary>
    public static bool TryReadInt64(JsonElement value, out long number)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetInt64(out number);
            case JsonValueKind.String:
                return long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                    out number);
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>
    /// Doubles are numbers, or strings for what JSON numbers cannot spell: "NaN", "Infinity" and "-Infinity",
    /// which are also the invariant culture's symbols.
    /// </summary>
    public static bool TryReadDouble(JsonElement value, out double number)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDouble(out number);
            case JsonValueKind.String:
                return double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default:
                number = 0;
                return false;
        }
    }

    public static bool TryGetUInt64(JsonElement owner, string ownerPath, string name, out ulong value)
    {
        value = 0;
        if (!owner.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var valid = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetUInt64(out value),
            JsonValueKind.String => ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture,
                out value),
            _ => false,
        };
        if (!valid)
        {
            throw new OtlpFormatException(
                $"{PathOf(ownerPath, name)}: {Describe(element)} is not an unsigned 64-bit integer");
        }

        return true;
    }

    /// <summary>
    /// Finds an optional member; absent and <c>null</c> are both "not set", any other type than
    /// <paramref name="expected"/> is a malformed request.
    /// </summary>
    public static bool TryGetProperty(JsonElement owner, string ownerPath, string name, JsonValueKind expected,
        out JsonElement value)
    {
        if (!owner.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind != expected)
        {
            throw new OtlpFormatException(
                $"{PathOf(ownerPath, name)}: expected {KindName(expected)}, got {Describe(value)}");
        }

        return true;
    }

    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpFormatException($"{path}: expected an object, got {Describe(element)}");
        }
    }

    public static string PathOf(string ownerPath, string name) => ownerPath.Length == 0 ? name : $"{ownerPath}.{name}";

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The type of a value, with short scalars shown, for error messages.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number when element.GetRawText() is { Length: <= 40 } raw =>
            $"{KindName(element.ValueKind)} {raw}",
        _ => KindName(element.ValueKind),
    };
}
