namespace CostWatch.Core.Costs;

/// <summary>A cost query parameter that cannot be answered; <see cref="Parameter"/> names it as the caller wrote it.</summary>
public sealed class QueryParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
