namespace CostWatch.Core.Costs;

/// <summary>
/// What a cost query groups or filters by, by its API name: <c>agent</c>, <c>session</c>, ... or a configured
/// custom dimension (<c>team</c>, read from the rollups' <c>dimensions</c> JSON).
/// </summary>
public sealed record QueryDimension(QueryDimensionKind Kind, string Name)
{
    public static readonly QueryDimension Agent = new(QueryDimensionKind.Agent, "agent");
    public static readonly QueryDimension Session = new(QueryDimensionKind.Session, "session");
    public static readonly QueryDimension Model = new(QueryDimensionKind.Model, "model");
    public static readonly QueryDimension Provider = new(QueryDimensionKind.Provider, "provider");
    public static readonly QueryDimension Service = new(QueryDimensionKind.Service, "service");
    public static readonly QueryDimension User = new(QueryDimensionKind.User, "user");

    public static IReadOnlyList<QueryDimension> BuiltIn { get; } = [Agent, Session, Model, Provider, Service, User];

    public static QueryDimension Custom(string name) => new(QueryDimensionKind.Custom, name);

    /// <summary>
    /// The dimension called <paramref name="name"/> (case-insensitively, as query parameter names are), among the
    /// built-in ones and <paramref name="customNames"/>; null when there is none.
    /// </summary>
    public static QueryDimension? Find(string name, IEnumerable<string> customNames) =>
        BuiltIn.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? customNames.Where(c => c.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(Custom).FirstOrDefault();
}
