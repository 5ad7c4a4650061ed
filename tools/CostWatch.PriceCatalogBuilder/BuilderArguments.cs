namespace CostWatch.PriceCatalogBuilder;

/// <summary>The command line: the LiteLLM file to convert, where to write, and provenance the file itself lacks.</summary>
internal sealed class BuilderArguments
{
    public const string Usage =
        "usage: CostWatch.PriceCatalogBuilder <litellm-model-prices.json> <output-dir> " +
        "[--source-commit <sha>] [--notice <NOTICE.md>] [--source <text>]\n" +
        "  --source-commit  the source repository's commit (default: read from the NOTICE.md beside the input)\n" +
        "  --notice         the notice holding the source's MIT license (default: NOTICE.md beside the input)";

    public const string DefaultSource =
        "BerriAI/litellm model_prices_and_context_window.json via RoCry/llm-api-price";

    public required string InputPath { get; init; }

    public required string OutputDirectory { get; init; }

    public required string NoticePath { get; init; }

    public string? SourceCommit { get; init; }

    public string Source { get; init; } = DefaultSource;

    public static bool TryParse(string[] args, out BuilderArguments arguments, out string error)
    {
        arguments = null!;
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--source-commit" or "--notice" or "--source")
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{args[i]} needs a value";
                    return false;
                }

                options[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unknown option {args[i]}";
                return false;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        if (positional.Count != 2)
        {
            error = "expected an input file and an output directory";
            return false;
        }

        var input = Path.GetFullPath(positional[0]);
        arguments = new BuilderArguments
        {
            InputPath = input,
            OutputDirectory = Path.GetFullPath(positional[1]),
            NoticePath = Path.GetFullPath(options.GetValueOrDefault("--notice")
                ?? Path.Combine(Path.GetDirectoryName(input)!, "NOTICE.md")),
            SourceCommit = options.GetValueOrDefault("--source-commit"),
            Source = options.GetValueOrDefault("--source") ?? DefaultSource,
        };
        error = string.Empty;
        return true;
    }
}
