using Xunit;

namespace CostWatch.TestSupport;

/// <summary>
/// A fact that needs PostgreSQL: skipped on a developer machine without one, never skipped with <c>CI=true</c>,
/// where it runs and fails if PostgreSQL cannot be reached.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresServer.SkipReason;
    }
}
