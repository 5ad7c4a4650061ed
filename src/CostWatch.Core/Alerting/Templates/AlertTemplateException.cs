namespace CostWatch.Core.Alerting.Templates;

/// <summary>Stub: replaced by the rules-file part.</summary>
public sealed class AlertTemplateException(string message) : Exception(message);
