namespace CostWatch.Core.Costs;

/// <summary>A dimension by its API name: <c>agent</c>, <c>session</c>, ... or a configured custom dimension (<c>team</c>).</summary>
public sealed record CostDimension(CostDimensionKind Kind, string Name)
{
    public static readonly CostDimension Agent = new(CostDimensionKind.Agent, "agent");
    public static readonly CostDimension Session = new(CostDimensionKind.Session, "session");
    public static readonly CostDimension Model = new(CostDimensionKind.Model, "model");
    public static readonly CostDimension Provider = new(CostDimensionKind.Provider, "provider");
    public static readonly CostDimension Service = new(CostDimensionKind.Service, "service");
    public static readonly CostDimension User = new(CostDimensionKind.User, "user");

    public static IReadOnlyList<CostDimension> BuiltIn { get; } = [Agent, Session, Model, Provider, Service, User];

    public static CostDimension Custom(string name) => new(CostDimensionKind.Custom, name);

    /// <summary>
    /// The dimension called <paramref name="name"/> (case-insensitively, as query parameter names are), among the
    /// built-in ones and <paramref name="customNames"/>; null when there is none.
    /// </summary>
    public static CostDimension? Find(string name, IEnumerable<string> customNames) =>
        BuiltIn.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? customNames.Where(c => c.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(Custom).FirstOrDefault();
}
