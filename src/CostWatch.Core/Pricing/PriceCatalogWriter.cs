using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CostWatch.Core.Pricing;

/// <summary>
/// Writes a <see cref="PriceCatalogDocument"/> as JSON, deterministically: entries ordered by id, one per line
/// (so a refresh shows up in a diff as the models whose prices changed), prices as exact decimal numbers.
/// </summary>
public static class PriceCatalogWriter
{
    public const string Unit = "USD per token";

    // Model ids and the snapshot stamp hold '+' and other characters the default encoder escapes needlessly.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(PriceCatalogDocument document)
    {
        var text = new StringBuilder();
        text.Append('{');
        AppendHeader(text, "source", document.Source);
        AppendHeader(text, "sourceCommit", document.SourceCommit);
        AppendHeader(text, "sourceSha256", document.SourceSha256);
        AppendHeader(text, "snapshot", document.Snapshot);
        AppendHeader(text, "license", document.License);
        AppendHeader(text, "unit", Unit);
        text.Append("\"entries\":[\n");
        var ordered = document.Entries
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .ThenBy(entry => entry.EffectiveFrom ?? DateTime.MinValue);
        text.AppendJoin(",\n", ordered.Select(EntryJson));
        text.Append("\n]}\n");
        return text.ToString();
    }

    private static void AppendHeader(StringBuilder text, string name, string value) =>
        text.Append(Json(writer => writer.WriteString(name, value), asProperty: true)).Append(',');

    private static string EntryJson(PriceEntry entry) => Json(writer =>
    {
        writer.WriteStartObject();
        WriteText(writer, "id", entry.Id);
        WriteText(writer, "pattern", entry.Pattern);
        WriteText(writer, "provider", entry.Provider);
        WriteText(writer, "mode", entry.Mode);
        WriteCount(writer, "contextWindow", entry.ContextWindow);
        WriteCount(writer, "maxOutputTokens", entry.MaxOutputTokens);
        WriteRates(writer, entry.InputPerToken, entry.OutputPerToken, entry.CacheReadPerToken,
            entry.CacheWritePerToken, entry.ReasoningPerToken);
        if (entry.Tiers.Count > 0)
        {
            writer.WriteStartArray("tiers");
            foreach (var tier in entry.Tiers.OrderBy(tier => tier.AboveInputTokens))
            {
                writer.WriteStartObject();
                writer.WriteNumber("above", tier.AboveInputTokens);
                WriteRates(writer, tier.InputPerToken, tier.OutputPerToken, tier.CacheReadPerToken,
                    tier.CacheWritePerToken, tier.ReasoningPerToken);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (entry.EffectiveFrom is { } effectiveFrom)
        {
            writer.WriteString("effectiveFrom", effectiveFrom.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
    }, asProperty: false);

    private static void WriteRates(
        Utf8JsonWriter writer, decimal? input, decimal? output, decimal? cacheRead, decimal? cacheWrite, decimal? reasoning)
    {
        WriteRate(writer, "input", input);
        WriteRate(writer, "output", output);
        WriteRate(writer, "cacheRead", cacheRead);
        WriteRate(writer, "cacheWrite", cacheWrite);
        WriteRate(writer, "reasoning", reasoning);
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } count)
        {
            writer.WriteNumber(name, count);
        }
    }

    // Plain notation without trailing zeros: 2.5e-06 in the source becomes 0.0000025, the same decimal value.
    private static void WriteRate(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } rate)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(rate.ToString("0.############################", CultureInfo.InvariantCulture));
        }
    }

    // A property can only be written inside an object, so it is written into one and cut out again.
    private static string Json(Action<Utf8JsonWriter> write, bool asProperty)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            if (asProperty)
            {
                writer.WriteStartObject();
            }

            write(writer);
            if (asProperty)
            {
                writer.WriteEndObject();
            }
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return asProperty ? json[1..^1] : json;
    }
}
