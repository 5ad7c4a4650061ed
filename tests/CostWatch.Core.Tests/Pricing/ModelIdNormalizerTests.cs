using CostWatch.Core.Pricing;

namespace CostWatch.Core.Tests.Pricing;

public sealed class ModelIdNormalizerTests
{
    [Theory]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("GPT-4o", "gpt-4o")]
    [InlineData("  gpt-4o  ", "gpt-4o")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("azure/gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("openrouter/openai/gpt-4o", "gpt-4o")]
    [InlineData("models/gemini-2.5-pro", "gemini-2.5-pro")]
    [InlineData("o1-2024-12-17", "o1")]
    [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-v2")]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5")]
    [InlineData("apac.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku")]
    [InlineData("bedrock/us-east-1/anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet")]
    [InlineData("eu.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0")]
    [InlineData("anthropic.claude-v2:1", "claude-v2:1")]
    [InlineData("amazon.titan-embed-text-v1", "amazon.titan-embed-text-v1")]
    [InlineData("gpt-4-0613", "gpt-4-0613")]
    [InlineData("gpt-4o-2024-13-01", "gpt-4o-2024-13-01")]
    [InlineData("text-embedding-3-small", "text-embedding-3-small")]
    [InlineData("", "")]
    public void Normalize_ReportedId_MostGeneralForm(string modelId, string expected) =>
        Assert.Equal(expected, ModelIdNormalizer.Normalize(modelId));

    [Fact]
    public void Candidates_DatedSnapshot_ExactBeforeUndated() =>
        Assert.Equal(["gpt-4o-2024-08-06", "gpt-4o"], ModelIdNormalizer.Candidates("gpt-4o-2024-08-06"));

    [Fact]
    public void Candidates_NestedRoute_StripsOneSegmentAtATime() =>
        Assert.Equal(
            ["openrouter/openai/gpt-4o", "openai/gpt-4o", "gpt-4o"],
            ModelIdNormalizer.Candidates("openrouter/openai/gpt-4o"));

    [Fact]
    public void Candidates_BedrockInferenceProfile_RegionalIdFirst() =>
        Assert.Equal(
            [
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "anthropic.claude-sonnet-4-5-20250929-v1:0",
                "anthropic.claude-sonnet-4-5-20250929",
                "claude-sonnet-4-5-20250929",
                "claude-sonnet-4-5",
            ],
            ModelIdNormalizer.Candidates("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));

    [Fact]
    public void Candidates_RoutedSnapshot_SnapshotBeforeRoute() =>
        Assert.Equal(
            ["azure/gpt-4o-2099-01-01", "gpt-4o-2099-01-01", "azure/gpt-4o", "gpt-4o"],
            ModelIdNormalizer.Candidates("azure/gpt-4o-2099-01-01"));

    [Fact]
    public void Candidates_RoutePrefixForBareId_TriedFirst() =>
        Assert.Equal(
            ["azure/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "azure/gpt-4o", "gpt-4o"],
            ModelIdNormalizer.Candidates("gpt-4o-2024-08-06", "azure"));

    [Fact]
    public void Candidates_RoutePrefixWhenIdHasItsOwnRoute_Ignored() =>
        Assert.Equal(["openai/gpt-4o", "gpt-4o"], ModelIdNormalizer.Candidates("openai/gpt-4o", "azure"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("openai/")]
    public void Candidates_NoModelName_Empty(string modelId) => Assert.Empty(ModelIdNormalizer.Candidates(modelId));
}
