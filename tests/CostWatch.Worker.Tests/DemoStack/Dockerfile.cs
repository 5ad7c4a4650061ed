using System.Text.Json;

namespace CostWatch.Worker.Tests.DemoStack;

/// <summary>One instruction of a Dockerfile: its keyword, its arguments (continuation lines joined) and its stage.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, string Stage);

/// <summary>The repository's Dockerfile, read into instructions per stage: enough to replay its build steps.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The stage <c>docker build</c> builds without <c>--target</c>: the last one.</summary>
    public string FinalStage => Instructions[^1].Stage;

    public static Dockerfile Read(string text)
    {
        var instructions = new List<DockerInstruction>();
        var stage = "";
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var instruction = (pending + line).Trim();
            pending = "";
            var space = instruction.IndexOf(' ');
            var keyword = instruction[..space].ToUpperInvariant();
            var arguments = instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stage = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : parts[0];
            }

            instructions.Add(new DockerInstruction(keyword, arguments, stage));
        }

        return new Dockerfile(instructions);
    }

    public IEnumerable<DockerInstruction> In(string stage, string keyword) =>
        Instructions.Where(i => i.Stage == stage && i.Keyword == keyword);

    /// <summary><c>ENV</c> of a stage, <c>KEY=value</c> pairs.</summary>
    public IReadOnlyDictionary<string, string> Environment(string stage) =>
        In(stage, "ENV").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>The exec-form command of <c>HEALTHCHECK ... CMD [...]</c>, <c>ENTRYPOINT [...]</c> and the like.</summary>
    public static string[] ExecForm(string arguments)
    {
        var json = arguments[arguments.IndexOf('[')..];
        return JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException($"not an exec form: {arguments}");
    }
}
