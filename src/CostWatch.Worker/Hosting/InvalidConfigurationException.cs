namespace CostWatch.Worker.Hosting;

/// <summary>The configuration is invalid; the message lists every failure, each naming its key.</summary>
internal sealed class InvalidConfigurationException(IReadOnlyList<string> failures)
    : Exception("Invalid configuration:" + string.Concat(failures.Select(f => $"{Environment.NewLine}  - {f}")))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
