using Xunit;

namespace CostWatch.TestSupport;

/// <summary>
/// A fact that needs <see cref="Promtool"/>: skipped on a developer machine without it, never skipped with
/// <c>CI=true</c>, where it runs and fails if promtool is missing.
/// </summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        Skip = Promtool.SkipReason;
    }
}
