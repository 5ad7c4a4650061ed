using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CostWatch.Core.Pricing;

namespace CostWatch.PriceCatalogBuilder;

/// <summary>
/// Converts LiteLLM's price file into CostWatch's catalog format and writes it with its license notice. The
/// output depends on the input files only (no timestamps), so a refresh from an unchanged source is a no-op.
/// </summary>
internal static class CatalogBuilder
{
    public const string CatalogFileName = "litellm-catalog.json";
    public const string NoticeFileName = "NOTICE.md";

    public static CatalogBuildResult Build(BuilderArguments arguments)
    {
        var bytes = File.ReadAllBytes(arguments.InputPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var json = Encoding.UTF8.GetString(bytes);
        var inputName = Path.GetFileName(arguments.InputPath);

        var notice = SourceNotice.Read(arguments.NoticePath);
        if (notice.Sha256 is not null && notice.Sha256 != sha256 && arguments.SourceCommit is null)
        {
            throw new InvalidDataException(
                $"{arguments.NoticePath} describes a file with sha256 {notice.Sha256}, but {inputName} has {sha256}: " +
                "pass --source-commit for the commit this copy was taken at.");
        }

        var commit = arguments.SourceCommit ?? notice.Commit
            ?? throw new InvalidDataException($"{arguments.NoticePath} names no source commit: pass --source-commit.");

        var document = new PriceCatalogDocument
        {
            Source = arguments.Source,
            SourceCommit = commit,
            SourceSha256 = sha256,
            Snapshot = ReadSnapshot(json, inputName),
            License = "MIT, Copyright (c) 2023 Berri AI; see NOTICE.md",
            Entries = LiteLlmPriceParser.Parse(inputName, json, PriceEntry.BuiltInSource),
        };

        Directory.CreateDirectory(arguments.OutputDirectory);
        var catalogPath = Path.Combine(arguments.OutputDirectory, CatalogFileName);
        var catalog = PriceCatalogWriter.Write(document);
        File.WriteAllText(catalogPath, catalog);
        File.WriteAllText(Path.Combine(arguments.OutputDirectory, NoticeFileName), NoticeText(document, notice));

        return new CatalogBuildResult(catalogPath, document.Entries.Count, new FileInfo(catalogPath).Length, sha256,
            document.Snapshot, commit);
    }

    private static string ReadSnapshot(string json, string inputName)
    {
        using var source = JsonDocument.Parse(json);
        return source.RootElement.TryGetProperty("last_updated", out var stamp) && stamp.ValueKind == JsonValueKind.String
            ? stamp.GetString()!
            : throw new InvalidDataException($"{inputName}: no last_updated stamp to record as the snapshot");
    }

    private static string NoticeText(PriceCatalogDocument document, SourceNotice notice) => $"""
        # Third-party notice: the built-in price catalog

        `{CatalogFileName}` in this folder is derived from LiteLLM's `model_prices_and_context_window.json` by
        `tools/CostWatch.PriceCatalogBuilder` (`scripts/refresh-prices.sh`), keeping the per-token prices, tiers and
        context windows of the priced chat, completion, responses and embedding entries.

        - Source: {document.Source}
        - Commit: {document.SourceCommit}
        - Snapshot: {document.Snapshot}
        - sha256 of the source file: {document.SourceSha256}

        The source file is distributed under the following license:

        ```
        {notice.LicenseText}
        ```

        """;
}
