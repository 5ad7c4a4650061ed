using System.Text.Json;
using CostWatch.Core.Costs;
using CostWatch.Core.Pricing;
using CostWatch.Worker.Costs;
using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Api;

/// <summary>
/// <c>GET /api/v1/prices?model=...[&amp;provider=...]</c>: the catalog entry that would price a call to that model
/// now, and where it comes from (the built-in catalog or a user price file); 404 naming the model when none does.
/// </summary>
internal static class PricesEndpoint
{
    private const decimal Million = 1_000_000m;

    public static IResult Handle(HttpRequest request, IPriceCatalogSource catalog, TimeProvider time)
    {
        var query = request.Query;
        QueryParameters.RejectUnknown(query, "model", "provider");
        var model = QueryParameters.Single(query, "model");
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new QueryParameterException("model", "model is required, for example model=gpt-4o");
        }

        var provider = QueryParameters.Single(query, "provider");
        provider = string.IsNullOrWhiteSpace(provider) ? null : provider;
        var now = time.GetUtcNow();
        var entry = catalog.Current.Match(provider, model, null, now.UtcDateTime);
        if (entry is null)
        {
            return ApiErrors.NotFound(
                $"no price entry matches model '{model}'{(provider is null ? "" : $" of provider '{provider}'")}: its calls " +
                "are unpriced (counted, with unknown cost); add it to a user price file (CostWatch:Pricing:Files)");
        }

        return new JsonBodyResult(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            WriteOptional(writer, "provider", provider);
            writer.WriteString("at", Rfc3339.Format(now));
            writer.WriteStartObject("entry");
            WriteEntry(writer, entry);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void WriteEntry(Utf8JsonWriter writer, PriceEntry entry)
    {
        WriteOptional(writer, "id", entry.Id);
        WriteOptional(writer, "pattern", entry.Pattern);
        writer.WriteString("source", entry.Source);
        writer.WriteString("sourceKind", entry.Source == PriceEntry.BuiltInSource ? "built-in" : "user-file");
        WriteOptional(writer, "provider", entry.Provider);
        WriteOptional(writer, "mode", entry.Mode);
        WriteOptional(writer, "effectiveFrom",
            entry.EffectiveFrom is { } from ? Rfc3339.Format(new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc))) : null);
        WriteOptional(writer, "contextWindow", entry.ContextWindow);
        WriteOptional(writer, "maxOutputTokens", entry.MaxOutputTokens);
        WriteRates(writer, entry.InputPerToken, entry.OutputPerToken, entry.CacheReadPerToken, entry.CacheWritePerToken,
            entry.ReasoningPerToken);
        writer.WriteStartArray("tiers");
        foreach (var tier in entry.Tiers.OrderBy(t => t.AboveInputTokens))
        {
            writer.WriteStartObject();
            writer.WriteNumber("aboveInputTokens", tier.AboveInputTokens);
            WriteRates(writer, tier.InputPerToken, tier.OutputPerToken, tier.CacheReadPerToken, tier.CacheWritePerToken,
                tier.ReasoningPerToken);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// USD per token and per million tokens. A null rate falls back: cache read and write to the input rate,
    /// reasoning to the output rate (a tier's to the entry's).
    /// </summary>
    private static void WriteRates(Utf8JsonWriter writer, decimal? input, decimal? output, decimal? cacheRead,
        decimal? cacheWrite, decimal? reasoning)
    {
        foreach (var (name, scale) in new[] { ("perToken", 1m), ("perMillionTokens", Million) })
        {
            writer.WriteStartObject(name);
            CostJson.WriteMoney(writer, "input", input * scale);
            CostJson.WriteMoney(writer, "output", output * scale);
            CostJson.WriteMoney(writer, "cacheRead", cacheRead * scale);
            CostJson.WriteMoney(writer, "cacheWrite", cacheWrite * scale);
            CostJson.WriteMoney(writer, "reasoning", reasoning * scale);
            writer.WriteEndObject();
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
