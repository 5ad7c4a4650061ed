namespace CostWatch.Worker.Api;

/// <summary><c>CostWatch:Api</c>: limits that keep one query from loading the store or the worker unboundedly.</summary>
internal sealed class ApiOptions
{
    public const string Section = "CostWatch:Api";

    /// <summary>Longest range one cost or session query may cover (the day rollups are kept 3 years by default).</summary>
    public TimeSpan MaxRange { get; set; } = TimeSpan.FromDays(1096);

    /// <summary>Most rows one cost query may answer; beyond it the query is refused (400), never cut short.</summary>
    public int MaxRows { get; set; } = 10_000;

    /// <summary>Most step buckets one cost query may cover: the range divided by the step.</summary>
    public int MaxBuckets { get; set; } = 10_000;

    /// <summary>Largest <c>limit</c> of <c>GET /api/v1/sessions</c>.</summary>
    public int MaxSessions { get; set; } = 1000;
}
