using System.Text;
using System.Text.RegularExpressions;

namespace CostWatch.Core.Alerting.Silences;

/// <summary>
/// One condition of a silence on one alert label, with Alertmanager's semantics: <c>=</c> equal, <c>!=</c> not
/// equal, <c>=~</c> matches the regular expression, <c>!~</c> does not. A regular expression must match the
/// whole value (it is anchored at both ends), and a label the alert does not have matches as the empty string,
/// so <c>team=""</c> selects alerts without a team and <c>team!=""</c> those with one.
/// </summary>
public sealed partial class LabelMatcher : IEquatable<LabelMatcher>
{
    /// <summary>
    /// How long one regular-expression match may take. Matching is linear-time (RE2-like, no backtracking), so
    /// this only guards against an absurd value; a match that runs out throws <see cref="RegexMatchTimeoutException"/>.
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly Regex? _regex;

    /// <exception cref="InvalidSilenceException">
    /// The name is not a label name, or the value is not a supported regular expression (fields <c>name</c>, <c>value</c>).
    /// </exception>
    public LabelMatcher(string name, string value, bool isRegex, bool isEqual)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var problems = new List<SilenceProblem>();
        if (!LabelName().IsMatch(name))
        {
            problems.Add(new SilenceProblem("name",
                $"'{name}' is not a label name (letters, digits and '_', not starting with a digit)"));
        }

        if (isRegex)
        {
            _regex = Compile(value, out var error);
            if (_regex is null)
            {
                problems.Add(new SilenceProblem("value", $"'{value}' is not a valid regular expression: {error}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidSilenceException(problems);
        }

        Name = name;
        Value = value;
        IsRegex = isRegex;
        IsEqual = isEqual;
    }

    public string Name { get; }

    public string Value { get; }

    public bool IsRegex { get; }

    /// <summary>False for the negative matchers (<c>!=</c>, <c>!~</c>).</summary>
    public bool IsEqual { get; }

    /// <summary><c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    public string Operator => (IsEqual, IsRegex) switch
    {
        (true, false) => "=",
        (false, false) => "!=",
        (true, true) => "=~",
        (false, true) => "!~",
    };

    /// <summary>Whether the alert's label (the empty string when it has none) satisfies this matcher.</summary>
    public bool Matches(AlertLabels labels) => MatchesValue(labels[Name]);

    /// <summary>Whether a label value satisfies this matcher; a missing label is the empty string.</summary>
    public bool MatchesValue(string value)
    {
        var hit = _regex?.IsMatch(value) ?? string.Equals(value, Value, StringComparison.Ordinal);
        return hit == IsEqual;
    }

    /// <summary>
    /// Reads the string form <c>name="value"</c>, <c>name!="value"</c>, <c>name=~"regex"</c> or <c>name!~"regex"</c>
    /// (white space around the parts allowed). The value is double-quoted with <c>\"</c>, <c>\\</c>, <c>\n</c> and
    /// <c>\t</c> escapes, or bare (taken as written, trimmed).
    /// </summary>
    /// <exception cref="InvalidSilenceException">Not a matcher (field <c>matcher</c>), or an invalid name or regex.</exception>
    public static LabelMatcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = StringForm().Match(text);
        if (!match.Success)
        {
            throw Invalid(text, "expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"");
        }

        var op = match.Groups["op"].Value;
        var raw = match.Groups["value"].Value.Trim();
        var value = raw.StartsWith('"') ? Unquote(text, raw) : raw;
        return new LabelMatcher(match.Groups["name"].Value, value, isRegex: op.EndsWith('~'), isEqual: op[0] == '=');
    }

    /// <summary>The string form <see cref="Parse"/> reads, the value always quoted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name).Append(Operator).Append('"');
        foreach (var c in Value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public bool Equals(LabelMatcher? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal)
                          && string.Equals(Value, other.Value, StringComparison.Ordinal)
                          && IsRegex == other.IsRegex && IsEqual == other.IsEqual;

    public override bool Equals(object? obj) => Equals(obj as LabelMatcher);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), StringComparer.Ordinal.GetHashCode(Value), IsRegex, IsEqual);

    private static Regex? Compile(string value, out string? error)
    {
        try
        {
            // Compiled on its own first: a value with an unbalanced ')' would otherwise close the anchoring
            // group early (`a)|(b`) and match a prefix.
            _ = new Regex(value, Options, RegexTimeout);
            error = null;
            return new Regex($"^(?:{value})\\z", Options, RegexTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error = e.Message;
            return null;
        }
    }

    private static string Unquote(string text, string quoted)
    {
        if (quoted.Length < 2 || quoted[^1] != '"')
        {
            throw Invalid(text, "the value's closing quote is missing");
        }

        var value = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '"')
            {
                throw Invalid(text, "a quote inside the value must be escaped as \\\"");
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (++i == quoted.Length - 1)
            {
                throw Invalid(text, "the value ends in a lone backslash");
            }

            value.Append(quoted[i] switch
            {
                '"' => '"',
                '\\' => '\\',
                'n' => '\n',
                't' => '\t',
                var other => throw Invalid(text, $"unknown escape \\{other} (use \\\", \\\\, \\n or \\t)"),
            });
        }

        return value.ToString();
    }

    private static InvalidSilenceException Invalid(string text, string reason) =>
        new([new SilenceProblem("matcher", $"'{text}' is not a label matcher: {reason}")]);

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^\s*(?<name>[^=!~\s]+)\s*(?<op>=~|!~|!=|=)(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex StringForm();
}
