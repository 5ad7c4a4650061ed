using CostWatch.Core.Alerting.Silences;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;

namespace CostWatch.Storage.Tests.Alerting;

/// <summary>Silences on both stores: what is created is read back exactly, expiring moves the end, never deletes.</summary>
public sealed class SilenceStoreTests
{
    private static readonly DateTime Now = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234560);

    [Theory]
    [StoreProviders]
    public async Task Create_ThenGet_ReadsBackTheSameSilence(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Silence.Create(Guid.NewGuid(),
            [
                new LabelMatcher("agent", "res.*|writer", isRegex: true, isEqual: true),
                new LabelMatcher("tool", "web_search", isRegex: false, isEqual: false),
                new LabelMatcher("alertname", "Trace\"Loss\\", isRegex: false, isEqual: true),
                new LabelMatcher("model", "gpt-.*", isRegex: true, isEqual: false),
            ],
            Now.AddMinutes(5), Now.AddHours(2), "ops@example.com", "deploy of the researcher — ünïcode", Now);

        await Silences(store).CreateAsync(silence, default);

        Assert.Equal(silence, await Silences(store).GetAsync(silence.Id, default));
        // A second replica reads the same row.
        Assert.Equal(silence, await ((ISilenceStore)store.NewInstance()).GetAsync(silence.Id, default));
    }

    [Theory]
    [StoreProviders]
    public async Task Get_UnknownId_IsNull(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await Silences(store).CreateAsync(Make(Now, Now.AddHours(1)), default);

        Assert.Null(await Silences(store).GetAsync(Guid.NewGuid(), default));
    }

    [Theory]
    [StoreProviders]
    public async Task Times_AreKeptToTheMicrosecond(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Make(Now.AddTicks(7), Now.AddHours(1).AddTicks(9)) with { CreatedAt = Now.AddTicks(3), UpdatedAt = Now.AddTicks(3) };

        await Silences(store).CreateAsync(silence, default);

        var read = await Silences(store).GetAsync(silence.Id, default);
        Assert.Equal(silence with { StartsAt = Now, EndsAt = Now.AddHours(1), CreatedAt = Now, UpdatedAt = Now }, read);
        Assert.Equal(DateTimeKind.Utc, read!.StartsAt.Kind);
    }

    [Theory]
    [StoreProviders]
    public async Task List_IsEverySilenceNewestFirst_ExpiredOnesIncluded(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var old = Make(Now.AddDays(-2), Now.AddDays(-1), createdAt: Now.AddDays(-2));
        var active = Make(Now.AddHours(-1), Now.AddHours(1), createdAt: Now.AddHours(-1));
        var pending = Make(Now.AddHours(1), Now.AddHours(2), createdAt: Now);
        foreach (var silence in new[] { active, old, pending })
        {
            await Silences(store).CreateAsync(silence, default);
        }

        var listed = await Silences(store).ListAsync(default);

        Assert.Equal([pending.Id, active.Id, old.Id], listed.Select(s => s.Id));
        Assert.Equal(pending, listed[0]);
    }

    [Theory]
    [StoreProviders]
    public async Task ListActive_IsTheSilencesStartedAndNotEnded_StartIncludedEndExcluded(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var endsNow = Make(Now.AddHours(-1), Now, createdAt: Now.AddHours(-3));
        var startsNow = Make(Now, Now.AddHours(1), createdAt: Now.AddHours(-2));
        var running = Make(Now.AddHours(-1), Now.AddSeconds(1), createdAt: Now.AddHours(-1));
        var pending = Make(Now.AddTicks(10), Now.AddHours(1), createdAt: Now);
        foreach (var silence in new[] { endsNow, startsNow, running, pending })
        {
            await Silences(store).CreateAsync(silence, default);
        }

        var active = await Silences(store).ListActiveAsync(Now, default);

        Assert.Equal([running.Id, startsNow.Id], active.Select(s => s.Id));
        Assert.All(active, s => Assert.True(s.IsActiveAt(Now)));
    }

    [Theory]
    [StoreProviders]
    public async Task Expire_AnActiveSilence_EndsItNow_AndKeepsIt(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Make(Now.AddHours(-1), Now.AddHours(1));
        await Silences(store).CreateAsync(silence, default);

        Assert.True(await Silences(store).ExpireAsync(silence.Id, Now, default));

        Assert.Equal(silence with { EndsAt = Now, UpdatedAt = Now }, await Silences(store).GetAsync(silence.Id, default));
        Assert.Empty(await Silences(store).ListActiveAsync(Now, default));
        Assert.Single(await Silences(store).ListAsync(default));
    }

    [Theory]
    [StoreProviders]
    public async Task Expire_APendingSilence_StartsAndEndsItNow_SoItNeverActs(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Make(Now.AddHours(1), Now.AddHours(2));
        await Silences(store).CreateAsync(silence, default);

        Assert.True(await Silences(store).ExpireAsync(silence.Id, Now, default));

        var expired = await Silences(store).GetAsync(silence.Id, default);
        Assert.Equal(silence with { StartsAt = Now, EndsAt = Now, UpdatedAt = Now }, expired);
        Assert.Equal(SilenceState.Expired, expired!.StateAt(Now.AddHours(1).AddMinutes(30)));
        Assert.Empty(await Silences(store).ListActiveAsync(Now.AddHours(1).AddMinutes(30), default));
    }

    [Theory]
    [StoreProviders]
    public async Task Expire_AnEndedSilence_LeavesItAsItIs_AndAnUnknownIdIsFalse(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Make(Now.AddHours(-2), Now.AddHours(-1));
        await Silences(store).CreateAsync(silence, default);

        Assert.True(await Silences(store).ExpireAsync(silence.Id, Now, default));
        Assert.True(await Silences(store).ExpireAsync(silence.Id, Now.AddHours(1), default));
        Assert.False(await Silences(store).ExpireAsync(Guid.NewGuid(), Now, default));

        Assert.Equal(silence, await Silences(store).GetAsync(silence.Id, default));
    }

    [Theory]
    [StoreProviders]
    public async Task Create_TheSameIdTwice_Throws(StorageProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var silence = Make(Now, Now.AddHours(1));
        await Silences(store).CreateAsync(silence, default);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Silences(store).CreateAsync(silence, default));
    }

    private static ISilenceStore Silences(TestStore store) => (ISilenceStore)store.Store;

    private static Silence Make(DateTime startsAt, DateTime endsAt, DateTime? createdAt = null) =>
        new(Guid.NewGuid(), [new LabelMatcher("agent", "researcher", false, true)], startsAt, endsAt, "ops", "maintenance",
            createdAt ?? Now.AddDays(-3), createdAt ?? Now.AddDays(-3));
}
