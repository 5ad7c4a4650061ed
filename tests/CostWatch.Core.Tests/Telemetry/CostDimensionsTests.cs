using System.Text;
using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Tests.Telemetry;

public sealed class CostDimensionsTests
{
    [Fact]
    public void From_NoDimensions_IsNull() => Assert.Null(CostDimensions.From(new Dictionary<string, string>()));

    [Fact]
    public void From_OrdersByName_AndGivesEachDistinctUnknownKeyOneSlot()
    {
        var dimensions = CostDimensions.From(new Dictionary<string, string>
        {
            ["tier"] = "user.tier",
            ["team"] = "team.name",
            ["env"] = "deployment.environment.name",
            ["squad"] = "team.name",
        })!;

        Assert.Equal(["env", "squad", "team", "tier"], dimensions.Dimensions.Select(d => d.Name));
        Assert.Equal(2, dimensions.CustomKeyCount);
        Assert.Equal(GenAiAttribute.DeploymentEnvironmentName, dimensions.Dimensions[0].Known);
        Assert.Equal(dimensions.Dimensions[1].CustomSlot, dimensions.Dimensions[2].CustomSlot);
        Assert.NotEqual(dimensions.Dimensions[2].CustomSlot, dimensions.Dimensions[3].CustomSlot);
    }

    [Theory]
    [InlineData("team.name", true)]
    [InlineData("user.tier", true)]
    [InlineData("team.names", false)]
    [InlineData("team.nam", false)]
    [InlineData("team_name", false)]
    [InlineData("", false)]
    [InlineData("gen_ai.request.model", false)]
    public void TryGetCustomSlot_Utf8AndString_AgreeAndMatchExactly(string key, bool expected)
    {
        var dimensions = CostDimensions.From(new Dictionary<string, string> { ["team"] = "team.name", ["tier"] = "user.tier" })!;

        Assert.Equal(expected, dimensions.TryGetCustomSlot(Encoding.UTF8.GetBytes(key), out var byBytes));
        Assert.Equal(expected, dimensions.TryGetCustomSlot(key, out var byString));
        Assert.Equal(byString, byBytes);
    }

    [Fact]
    public void TryGetCustomSlot_LongAndNonAsciiKeys_Match()
    {
        var longKey = "acme." + new string('k', 100);
        var dimensions = CostDimensions.From(new Dictionary<string, string> { ["long"] = longKey, ["team"] = "équipe.nom" })!;

        Assert.True(dimensions.TryGetCustomSlot(Encoding.UTF8.GetBytes(longKey), out _));
        Assert.True(dimensions.TryGetCustomSlot(Encoding.UTF8.GetBytes("équipe.nom"), out _));
        Assert.False(dimensions.TryGetCustomSlot(Encoding.UTF8.GetBytes(longKey + "x"), out _));
    }

    [Fact]
    public void From_ContentAttributeOrTooMany_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CostDimensions.From(new Dictionary<string, string> { ["p"] = "gen_ai.input.messages" }));
        Assert.Throws<ArgumentException>(() => CostDimensions.From(
            Enumerable.Range(0, CostDimensions.MaxCount + 1).ToDictionary(i => $"d{i}", i => $"k{i}")));
    }

    [Theory]
    [InlineData("gen_ai.input.messages", true)]
    [InlineData("gen_ai.prompt.0.content", true)]
    [InlineData("llm.input_messages.0.message.content", true)]
    [InlineData("input.value", true)]
    [InlineData("gen_ai.tool.call.arguments", true)]
    [InlineData("team.name", false)]
    [InlineData("gen_ai.promptly", false)]
    public void ContentAttributeNames_KnowTheContentKeys(string key, bool isContent) =>
        Assert.Equal(isContent, ContentAttributeNames.IsContent(key));
}
