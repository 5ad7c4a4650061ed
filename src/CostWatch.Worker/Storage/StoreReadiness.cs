namespace CostWatch.Worker.Storage;

/// <summary>Whether the store's schema has been brought to this build's version; ingest waits for it.</summary>
internal sealed class StoreReadiness
{
    private volatile bool _schemaReady;

    public bool SchemaReady => _schemaReady;

    public void MarkSchemaReady() => _schemaReady = true;
}
