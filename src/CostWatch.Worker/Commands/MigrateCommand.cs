using System.Data.Common;
using CostWatch.Storage;
using CostWatch.Worker.Hosting;
using CostWatch.Worker.Storage;

namespace CostWatch.Worker.Commands;

/// <summary><c>CostWatch.Worker migrate</c>: applies the schema scripts and exits, for deployments that migrate before rolling out.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var validation = new OptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            await error.WriteLineAsync(validation.FailureMessage);
            return 2;
        }

        var store = StorageSetup.CreateStore(options, configuration);
        try
        {
            var status = await store.MigrateAsync(CancellationToken.None);
            await output.WriteLineAsync($"{store.Provider} schema is at version {status.Current} (this build knows up to {status.Latest}).");
            return 0;
        }
        catch (SchemaTooNewException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (DbException e)
        {
            await error.WriteLineAsync($"Migration failed: {e.Message}");
            return 1;
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
