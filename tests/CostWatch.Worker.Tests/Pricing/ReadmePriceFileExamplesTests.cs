using System.Text.RegularExpressions;
using CostWatch.Worker.Pricing;

namespace CostWatch.Worker.Tests.Pricing;

/// <summary>The price file examples in README.md are files CostWatch accepts, with the prices they show.</summary>
public sealed partial class ReadmePriceFileExamplesTests
{
    private static string PriceFilesSection()
    {
        var readme = DemoStack.RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("### Price files", StringComparison.Ordinal);
        return readme[start..readme.IndexOf("### Custom cost dimensions", start, StringComparison.Ordinal)];
    }

    private static string Example(string language) =>
        CodeBlock().Matches(PriceFilesSection()).Single(m => m.Groups["language"].Value == language).Groups["code"].Value;

    [Fact]
    public void YamlExample_Parses()
    {
        var entries = UserPriceFile.Parse("prices.yaml", Example("yaml"));

        Assert.Equal(["gpt-4o", "^ft:gpt-4o.*$", "in-house-llm"], entries.Select(e => e.Key));
        Assert.Equal(0.000002m, entries[0].InputPerToken);
        Assert.Equal(100_000, Assert.Single(entries[2].Tiers).AboveInputTokens);
    }

    [Fact]
    public void JsonExample_Parses()
    {
        var entries = UserPriceFile.Parse("prices.json", Example("json"));

        Assert.Equal(["gpt-4o", "^ft:gpt-4o.*$", "my-embedder"], entries.Select(e => e.Key));
        Assert.Equal(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), entries[0].EffectiveFrom);
    }

    [GeneratedRegex(@"```(?<language>\w+)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
