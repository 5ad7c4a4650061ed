using CostWatch.Core.Costs;

namespace CostWatch.Worker.Api;

/// <summary>Reads query-string parameters strictly: a parameter the endpoint does not know, or one given twice, is a 400.</summary>
internal static class QueryParameters
{
    /// <exception cref="QueryParameterException">The parameter is given more than once.</exception>
    public static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new QueryParameterException(name, $"{name} is given {values.Count} times; give it once");
    }

    /// <exception cref="QueryParameterException">A parameter outside <paramref name="known"/> is present.</exception>
    public static void RejectUnknown(IQueryCollection query, params string[] known)
    {
        foreach (var key in query.Keys)
        {
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new QueryParameterException(key, $"unknown parameter '{key}'; this endpoint takes {string.Join(", ", known)}");
            }
        }
    }
}
