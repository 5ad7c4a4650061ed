using Xunit;

namespace CostWatch.TestSupport;

/// <summary>
/// A theory that needs PostgreSQL: skipped on a developer machine without one, never skipped with <c>CI=true</c>,
/// where it runs and fails if PostgreSQL cannot be reached.
/// </summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = PostgresServer.SkipReason;
    }
}
