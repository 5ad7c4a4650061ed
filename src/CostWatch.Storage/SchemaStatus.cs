namespace CostWatch.Storage;

/// <summary>The schema version a database is at, and the newest one this build knows.</summary>
public sealed record SchemaStatus(int Current, int Latest)
{
    public bool IsCurrent => Current == Latest;

    public bool IsNewerThanBinary => Current > Latest;
}
