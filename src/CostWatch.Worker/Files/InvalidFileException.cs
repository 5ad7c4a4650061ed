namespace CostWatch.Worker.Files;

/// <summary>
/// A file's content cannot be used. Every problem found is listed, each already naming the file (and the entry and
/// field where it has them), so that start-up errors and reload logs can show them as they are.
/// </summary>
internal sealed class InvalidFileException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
