namespace CostWatch.Worker.Observability;

/// <summary>
/// Label (tag) names of the record-derived metrics. Dotted names are the OpenTelemetry attribute names; the
/// Prometheus exporter writes them with underscores (<c>gen_ai.token.type</c> becomes <c>gen_ai_token_type</c>).
/// </summary>
internal static class MetricLabels
{
    public const string Agent = "agent";
    public const string Model = "model";
    public const string Provider = "provider";
    public const string TokenType = "type";
    public const string Pricing = "pricing";
    public const string Status = "status";
    public const string Tool = "tool";
    public const string Outcome = "outcome";

    public const string GenAiTokenType = "gen_ai.token.type";
    public const string GenAiProviderName = "gen_ai.provider.name";
    public const string GenAiRequestModel = "gen_ai.request.model";
    public const string GenAiOperationName = "gen_ai.operation.name";
    public const string ErrorType = "error.type";

    /// <summary>The value of a model or provider label when the span did not say (an empty value would drop the label).</summary>
    public const string Unknown = "unknown";

    /// <summary>The semantic conventions' <c>error.type</c> for a failed call that gave no type.</summary>
    public const string OtherError = "_OTHER";
}
