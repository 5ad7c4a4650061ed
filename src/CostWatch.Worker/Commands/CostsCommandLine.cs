using System.Globalization;
using System.Text.RegularExpressions;
using CostWatch.Worker.Costs;

namespace CostWatch.Worker.Commands;

/// <summary>
/// The arguments of <c>costs</c>: its own options, and configuration overrides (<c>--Section:Key=value</c>, told
/// apart by the ':' in their name) as the worker takes them.
/// </summary>
internal sealed partial record CostsCommandLine(CostRequest Request, IReadOnlyList<string> ConfigurationArgs)
{
    public const string Usage = """
        usage: CostWatch.Worker costs [--since 24h | --from <RFC 3339>] [--to <RFC 3339>] [--by agent[,model...]]
                                      [--step 1m|1h|1d] [--filter <dimension>=<value>]... [--<Config:Key>=<value>]...
          --since D     the range ends now and starts D before (for example 90m, 24h, 7d, 2w); default 24h
          --from, --to  the range in RFC 3339, for example 2026-11-24T00:00:00Z
          --by          dimensions to group by: agent, session, model, provider, service, user, or a custom one
          --step        one row per UTC-aligned minute, hour or day as well
          --filter      keep only rows whose dimension has this value; repeat for several
        """;

    /// <exception cref="ArgumentException">The arguments are not valid; the message says why.</exception>
    public static CostsCommandLine Parse(IReadOnlyList<string> args)
    {
        var request = new CostRequest();
        var groupBy = new List<string>();
        var filters = new List<KeyValuePair<string, string>>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name.Contains(':', StringComparison.Ordinal))
            {
                configuration.Add(arg);
                if (equals < 0 && i + 1 < args.Count)
                {
                    configuration.Add(args[++i]);
                }

                continue;
            }

            var value = equals >= 0 ? arg[(equals + 1)..]
                : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i]
                : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--since":
                    request = request with { Since = ParseDuration(value) };
                    break;
                case "--from":
                    request = request with { From = value };
                    break;
                case "--to":
                    request = request with { To = value };
                    break;
                case "--by":
                    groupBy.Add(value);
                    break;
                case "--step":
                    request = request with { Step = value };
                    break;
                case "--filter":
                    var separator = value.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        throw new ArgumentException($"--filter must be <dimension>=<value>, was '{value}'");
                    }

                    filters.Add(KeyValuePair.Create(value[..separator], value[(separator + 1)..]));
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'");
            }
        }

        return new CostsCommandLine(request with { GroupBy = groupBy, Filters = filters }, configuration);
    }

    /// <summary>The command's option for a query parameter named in an error.</summary>
    public static string OptionFor(string parameter) => parameter switch
    {
        "from" => "--from",
        "to" => "--to",
        "since" => "--since",
        "groupBy" => "--by",
        "step" => "--step",
        _ => "--filter",
    };

    private static TimeSpan ParseDuration(string value)
    {
        var match = Duration().Match(value);
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count == 0)
        {
            throw new ArgumentException($"--since must be a positive whole number with m, h, d or w (for example 24h), was '{value}'");
        }

        return match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            "d" => TimeSpan.FromDays(count),
            _ => TimeSpan.FromDays(7.0 * count),
        };
    }

    [GeneratedRegex("^([0-9]{1,6})([mhdw])$")]
    private static partial Regex Duration();
}
