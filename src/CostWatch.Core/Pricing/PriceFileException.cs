namespace CostWatch.Core.Pricing;

/// <summary>
/// A price file that cannot be used. It lists every problem found, not only the first, each naming the file,
/// the entry and the field, so one edit can fix them all.
/// </summary>
public sealed class PriceFileException : Exception
{
    public PriceFileException(string fileName, IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        FileName = fileName;
        Errors = errors;
    }

    public string FileName { get; }

    /// <summary>One message per problem, e.g. <c>prices.json: entry 'gpt-x': input_cost_per_token is not a number: 'abc'</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
