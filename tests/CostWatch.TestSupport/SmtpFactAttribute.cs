using Xunit;

namespace CostWatch.TestSupport;

/// <summary>
/// A fact that needs <see cref="SmtpServer"/>: skipped on a developer machine without python3-aiosmtpd, never
/// skipped with <c>CI=true</c>, where it runs and fails if the package is missing.
/// </summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        Skip = SmtpServer.SkipReason;
    }
}
