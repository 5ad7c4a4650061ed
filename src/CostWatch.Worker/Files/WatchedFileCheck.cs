namespace CostWatch.Worker.Files;

/// <summary>The outcome of reading a watched file again.</summary>
/// <param name="Change">What was found.</param>
/// <param name="Errors">For <see cref="WatchedFileChange.Rejected"/> every problem; for <see cref="WatchedFileChange.Unreadable"/> the reason.</param>
/// <param name="IsNewProblem">Whether this problem differs from the one reported by the previous check, so each is logged once.</param>
internal sealed record WatchedFileCheck(WatchedFileChange Change, IReadOnlyList<string> Errors, bool IsNewProblem)
{
    public static readonly WatchedFileCheck Unchanged = new(WatchedFileChange.Unchanged, [], false);

    public static readonly WatchedFileCheck Applied = new(WatchedFileChange.Applied, [], false);
}
