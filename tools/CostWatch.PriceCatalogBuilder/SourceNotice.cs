using System.Text.RegularExpressions;

namespace CostWatch.PriceCatalogBuilder;

/// <summary>
/// What the notice shipped beside the source file says about it: the license text (the first fenced block) and
/// the commit the file was taken at. The license requires its text to travel with anything derived from the file.
/// </summary>
internal sealed partial class SourceNotice
{
    public required string LicenseText { get; init; }

    public string? Commit { get; init; }

    public string? Sha256 { get; init; }

    public static SourceNotice Read(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var license = FencedBlock().Match(text);
        if (!license.Success || !license.Groups["body"].Value.Contains("MIT License", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: no fenced block holding the MIT License text");
        }

        var commit = CommitLine().Match(text);
        var sha256 = Sha256Line().Match(text);
        return new SourceNotice
        {
            LicenseText = license.Groups["body"].Value.TrimEnd('\n'),
            Commit = commit.Success ? commit.Groups["sha"].Value : null,
            Sha256 = sha256.Success ? sha256.Groups["sha"].Value : null,
        };
    }

    [GeneratedRegex(@"^```[^\n]*\n(?<body>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"at commit (?<sha>[0-9a-f]{40})")]
    private static partial Regex CommitLine();

    [GeneratedRegex(@"sha256: (?<sha>[0-9a-f]{64})")]
    private static partial Regex Sha256Line();
}
