using CostWatch.Worker.Rollups;

namespace CostWatch.Worker.Tests.Rollups;

public sealed class RollupOptionsValidatorTests
{
    [Fact]
    public void TheDefaults_AreValid() =>
        Assert.True(new RollupOptionsValidator().Validate(null, new RollupOptions()).Succeeded);

    [Fact]
    public void APassBoundOfNoRecords_IsRefused_NamingTheKey()
    {
        var result = new RollupOptionsValidator().Validate(null, new RollupOptions { MaxRecordsPerPass = 0 });

        Assert.Equal(["CostWatch:Rollups:MaxRecordsPerPass must be at least 1, was 0."], result.Failures);
    }
}
