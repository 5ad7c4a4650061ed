namespace CostWatch.Simulator;

/// <summary>A command line the simulator cannot run; the message names the option and what was wrong.</summary>
internal sealed class SimulatorUsageException(string message) : Exception(message);
