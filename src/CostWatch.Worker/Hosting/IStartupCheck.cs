namespace CostWatch.Worker.Hosting;

/// <summary>
/// A start-up check beyond option values: what the options point at, such as files that must exist and parse.
/// <see cref="ConfigurationCheck"/> runs every registered check once all options are valid.
/// </summary>
internal interface IStartupCheck
{
    /// <summary>Every failure, each naming its configuration key; empty when the check passed.</summary>
    IReadOnlyList<string> StartupFailures { get; }
}
