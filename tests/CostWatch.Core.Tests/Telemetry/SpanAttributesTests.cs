using CostWatch.Core.Telemetry;

namespace CostWatch.Core.Tests.Telemetry;

public sealed class SpanAttributesTests
{
    [Fact]
    public void Set_AbsentValue_IsIgnored_EvenRepeatedPastTheCapacity()
    {
        var attributes = new SpanAttributes();
        for (var i = 0; i < GenAiAttributeNames.Count * 2; i++)
        {
            attributes.Set(GenAiAttribute.RequestModel, default);
        }

        Assert.True(attributes.IsEmpty);
        Assert.False(attributes.Has(GenAiAttribute.RequestModel));
    }

    [Fact]
    public void Clear_ForgetsEveryValue_SoTheInstanceCanBeReused()
    {
        var attributes = new SpanAttributes();
        attributes.Set(GenAiAttribute.RequestModel, AttributeValue.FromString("gpt-4o"));
        attributes.Set(GenAiAttribute.RequestModel, AttributeValue.FromString("gpt-4.1"));
        attributes.Set(GenAiAttribute.InputTokens, AttributeValue.FromInt(5));

        Assert.Equal("gpt-4.1", attributes.FirstText([GenAiAttribute.RequestModel]));
        attributes.Clear();

        Assert.True(attributes.IsEmpty);
        Assert.False(attributes.Has(GenAiAttribute.InputTokens));
    }
}
