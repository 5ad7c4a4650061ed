using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Tests.Costs;

public sealed class CostsOptionsValidatorTests
{
    private static IEnumerable<string> Failures(Dictionary<string, string> dimensions) =>
        new CostsOptionsValidator().Validate(null, new CostsOptions { Dimensions = dimensions }).Failures ?? [];

    [Fact]
    public void PlainDimensions_AreValid() =>
        Assert.Empty(Failures(new() { ["team"] = "team.name", ["tier"] = "user.tier", ["env_2"] = "deployment.environment.name" }));

    [Fact]
    public void EveryProblem_IsReported_NamingItsKey() =>
        Assert.Equal(
        [
            "CostWatch:Costs:Dimensions:2team: the name must be lower-case letters, digits and '_', start with a letter and be at most 64 characters.",
            "CostWatch:Costs:Dimensions:Team: the name must be lower-case letters, digits and '_', start with a letter and be at most 64 characters.",
            "CostWatch:Costs:Dimensions:agent: 'agent' is a built-in dimension (agent, session, model, provider, service, user, tool); choose another name.",
            "CostWatch:Costs:Dimensions:blank must name a span or resource attribute (for example team.name), was empty.",
            "CostWatch:Costs:Dimensions:padded has spaces around the attribute name ' team.name'.",
            "CostWatch:Costs:Dimensions:prompt: gen_ai.input.messages carries prompt or completion content, which CostWatch never reads.",
            "CostWatch:Costs:Dimensions:team-name: the name must be lower-case letters, digits and '_', start with a letter and be at most 64 characters.",
        ],
        Failures(new()
        {
            ["Team"] = "team.name",
            ["team-name"] = "team.name",
            ["2team"] = "team.name",
            ["agent"] = "gen_ai.agent.name",
            ["blank"] = "",
            ["padded"] = " team.name",
            ["prompt"] = "gen_ai.input.messages",
        }));

    [Fact]
    public void MoreThanTwentyDimensions_IsRefused() =>
        Assert.Equal(
            ["CostWatch:Costs:Dimensions has 21 dimensions; at most 20 are allowed."],
            Failures(Enumerable.Range(0, 21).ToDictionary(i => $"d{i}", i => $"attr.{i}")));
}
