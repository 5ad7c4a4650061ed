namespace CostWatch.Core.Alerting.Templates;

/// <summary>
/// An annotation template that cannot be parsed (the message names the character position and the problem), or
/// that could not be rendered for one alert (a formatter with no number to format).
/// </summary>
public sealed class AlertTemplateException(string message) : Exception(message);
