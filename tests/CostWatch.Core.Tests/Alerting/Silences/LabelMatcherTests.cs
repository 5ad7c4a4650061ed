using CostWatch.Core.Alerting;
using CostWatch.Core.Alerting.Silences;

namespace CostWatch.Core.Tests.Alerting.Silences;

public sealed class LabelMatcherTests
{
    private static readonly AlertLabels Labels = AlertLabels.For("ToolCallFailureSpike", "critical",
        [KeyValuePair.Create("agent", "researcher"), KeyValuePair.Create("tool", "web_search"), KeyValuePair.Create("team", "")]);

    /// <summary>Alertmanager's semantics: operator, anchoring, negation, and a missing label read as "".</summary>
    [Theory]
    [InlineData("agent", "researcher", false, true, true)]
    [InlineData("agent", "Researcher", false, true, false)]
    [InlineData("agent", "research", false, true, false)]
    [InlineData("agent", "writer", false, false, true)]
    [InlineData("agent", "researcher", false, false, false)]
    [InlineData("agent", "res.*", true, true, true)]
    [InlineData("agent", "res", true, true, false)]
    [InlineData("agent", "search", true, true, false)]
    [InlineData("agent", ".*search.*", true, true, true)]
    [InlineData("agent", "writer|researcher", true, true, true)]
    [InlineData("agent", "writer|res", true, true, false)]
    [InlineData("agent", "res.*", true, false, false)]
    [InlineData("agent", "wri.*", true, false, true)]
    [InlineData("alertname", "ToolCallFailureSpike", false, true, true)]
    [InlineData("severity", "warning|critical", true, true, true)]
    [InlineData("model", "", false, true, true)]
    [InlineData("model", "", false, false, false)]
    [InlineData("model", "gpt-4o", false, false, true)]
    [InlineData("model", ".*", true, true, true)]
    [InlineData("model", ".+", true, true, false)]
    [InlineData("model", ".+", true, false, true)]
    [InlineData("team", "", false, true, true)]
    [InlineData("tool", "web_.+", true, true, true)]
    public void Matches_FollowsAlertmanagerSemantics(string name, string value, bool isRegex, bool isEqual, bool expected)
    {
        var matcher = new LabelMatcher(name, value, isRegex, isEqual);

        Assert.Equal(expected, matcher.Matches(Labels));
    }

    [Theory]
    [InlineData("a", "a\n", false)]
    [InlineData("a", "xa", false)]
    [InlineData("a", "ax", false)]
    [InlineData("a|b", "b", true)]
    [InlineData("(?m)a$", "a\nb", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Regex_IsAnchoredAtBothEnds(string regex, string labelValue, bool expected)
    {
        Assert.Equal(expected, new LabelMatcher("agent", regex, isRegex: true, isEqual: true).MatchesValue(labelValue));
    }

    [Fact]
    public void Regex_WithAnUnbalancedParenthesis_IsRefusedRatherThanEscapingTheAnchors()
    {
        // Wrapped naively as ^(?:a)|(b)$ this would match any value starting with "a".
        var e = Assert.Throws<InvalidSilenceException>(() => new LabelMatcher("agent", "a)|(b", true, true));

        Assert.Equal("value", Assert.Single(e.Problems).Field);
    }

    [Theory]
    [InlineData("agent", "[a-", true, "value")]
    [InlineData("agent", "(a", true, "value")]
    [InlineData("agent", "(a)\\1", true, "value")]
    [InlineData("agent", "(?=a)a", true, "value")]
    [InlineData("", "x", false, "name")]
    [InlineData("1agent", "x", false, "name")]
    [InlineData("agent name", "x", false, "name")]
    [InlineData("agent-name", "x", false, "name")]
    public void InvalidNameOrRegex_IsRefused_NamingTheField(string name, string value, bool isRegex, string field)
    {
        var e = Assert.Throws<InvalidSilenceException>(() => new LabelMatcher(name, value, isRegex, isEqual: true));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(field == "name" ? $"'{name}'" : $"'{value}'", problem.Message);
    }

    [Fact]
    public void InvalidNameAndRegex_AreBothNamed()
    {
        var e = Assert.Throws<InvalidSilenceException>(() => new LabelMatcher("9", "[", isRegex: true, isEqual: false));

        Assert.Equal(["name", "value"], e.Problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData("agent=\"researcher\"", "agent", "researcher", false, true)]
    [InlineData("agent!=\"researcher\"", "agent", "researcher", false, false)]
    [InlineData("agent=~\"res.*\"", "agent", "res.*", true, true)]
    [InlineData("agent!~\"res.*\"", "agent", "res.*", true, false)]
    [InlineData("  agent  =~  \"res.*\"  ", "agent", "res.*", true, true)]
    [InlineData("agent=researcher", "agent", "researcher", false, true)]
    [InlineData("agent = researcher ", "agent", "researcher", false, true)]
    [InlineData("team=\"\"", "team", "", false, true)]
    [InlineData("note=\"say \\\"hi\\\" \\\\ \\n\"", "note", "say \"hi\" \\ \n", false, true)]
    [InlineData("expr=~\"a=b|c!=d\"", "expr", "a=b|c!=d", true, true)]
    public void Parse_ReadsTheStringForm(string text, string name, string value, bool isRegex, bool isEqual)
    {
        Assert.Equal(new LabelMatcher(name, value, isRegex, isEqual), LabelMatcher.Parse(text));
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("=\"x\"")]
    [InlineData("agent=\"x")]
    [InlineData("agent=\"x\"y\"")]
    [InlineData("agent=\"x\\q\"")]
    [InlineData("agent~\"x\"")]
    public void Parse_RefusesWhatIsNotAMatcher(string text)
    {
        var e = Assert.Throws<InvalidSilenceException>(() => LabelMatcher.Parse(text));

        Assert.Contains(text, Assert.Single(e.Problems).Message);
    }

    [Theory]
    [InlineData("agent", "researcher", false, true, "agent=\"researcher\"")]
    [InlineData("agent", "res.*", true, false, "agent!~\"res.*\"")]
    [InlineData("note", "a \"b\" \\ c\nd", false, false, "note!=\"a \\\"b\\\" \\\\ c\\nd\"")]
    public void ToString_IsTheStringForm_AndParsesBack(string name, string value, bool isRegex, bool isEqual, string text)
    {
        var matcher = new LabelMatcher(name, value, isRegex, isEqual);

        Assert.Equal(text, matcher.ToString());
        Assert.Equal(matcher, LabelMatcher.Parse(text));
    }
}
