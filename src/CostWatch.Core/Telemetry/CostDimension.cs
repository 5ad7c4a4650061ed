namespace CostWatch.Core.Telemetry;

/// <summary>
/// One custom cost dimension: its name and the attribute it is read from. An attribute CostWatch reads anyway
/// (<c>deployment.environment.name</c>) is taken from its <see cref="GenAiAttribute"/> slot; any other is
/// captured by the decoders into custom slot <see cref="CustomSlot"/>.
/// </summary>
public sealed record CostDimension(string Name, string AttributeKey, GenAiAttribute? Known, int CustomSlot);
