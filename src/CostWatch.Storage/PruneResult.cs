namespace CostWatch.Storage;

public readonly record struct PruneResult(long Records, long Links);
