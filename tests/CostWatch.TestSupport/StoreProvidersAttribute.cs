using System.Reflection;
using CostWatch.Storage;
using Xunit.Sdk;

namespace CostWatch.TestSupport;

/// <summary>
/// Runs a test once per store. PostgreSQL is left out only on a developer machine without it; with
/// <c>CI=true</c> it always runs, so a missing PostgreSQL fails CI instead of passing quietly.
/// </summary>
public sealed class StoreProvidersAttribute : DataAttribute
{
    public static IEnumerable<StorageProvider> Providers()
    {
        yield return StorageProvider.Sqlite;
        if (PostgresServer.IsAvailable || Environment.GetEnvironmentVariable("CI") == "true")
        {
            yield return StorageProvider.Postgres;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => Providers().Select(p => new object[] { p });
}
