using Xunit;

namespace CostWatch.TestSupport;

/// <summary>
/// A fact that needs PostgreSQL and a Prometheus server: skipped on a developer machine without either, never
/// skipped with <c>CI=true</c>, where it runs and fails if one is missing.
/// </summary>
public sealed class PostgresPrometheusFactAttribute : FactAttribute
{
    public PostgresPrometheusFactAttribute()
    {
        Skip = PostgresServer.SkipReason ?? PrometheusServer.SkipReason;
    }
}
