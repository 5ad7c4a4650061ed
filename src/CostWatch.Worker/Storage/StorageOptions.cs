using CostWatch.Storage;

namespace CostWatch.Worker.Storage;

/// <summary><c>CostWatch:Storage</c> and <c>ConnectionStrings:CostWatch</c>.</summary>
internal sealed class StorageOptions
{
    public const string Section = "CostWatch:Storage";

    public const string DefaultConnectionString = "Data Source=data/costwatch.db";

    /// <summary>Bound as text so a wrong value is reported by the validator, naming the key.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>How long raw LLM calls, agent runs and tool calls are kept.</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often expired records are deleted.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    public StorageProvider ParsedProvider => Enum.Parse<StorageProvider>(Provider, ignoreCase: true);
}
