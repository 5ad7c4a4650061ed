namespace CostWatch.Storage;

/// <summary>The database was migrated by a newer CostWatch: this binary must not write to it.</summary>
public sealed class SchemaTooNewException(int current, int latest) : Exception(
    $"The database schema is at version {current}, but this CostWatch build only knows versions up to {latest}. " +
    "It was migrated by a newer CostWatch; run that version (or newer) instead of downgrading.")
{
    public int Current { get; } = current;

    public int Latest { get; } = latest;
}
