namespace CostWatch.Storage;

/// <summary>What one committed write did: spans newly stored, and spans already stored (duplicates).</summary>
public readonly record struct WriteOutcome(int Inserted, int Duplicates);
