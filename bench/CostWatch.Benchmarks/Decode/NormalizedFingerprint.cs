using System.Globalization;
using System.Text;
using CostWatch.Core.Ingest;
using CostWatch.Core.Records;

namespace CostWatch.Benchmarks.Decode;

/// <summary>
/// Everything a <see cref="NormalizedBatch"/> holds, as text: two decoders are only compared if they produce
/// the same fingerprint from the same payload.
/// </summary>
internal static class NormalizedFingerprint
{
    public static string Of(NormalizedBatch batch)
    {
        var text = new StringBuilder();
        foreach (var call in batch.LlmCalls)
        {
            Common(text.Append("llm "), call);
            Append(text, call.Operation, call.Provider, call.RequestModel, call.ResponseModel, call.InputTokens,
                call.CacheReadTokens, call.CacheWriteTokens, call.OutputTokens, call.ReasoningTokens, call.Convention,
                call.ReportedCostUsd);
            Attribution(text, call);
        }

        foreach (var run in batch.AgentRuns)
        {
            Common(text.Append("run "), run);
            Append(text, run.AgentName, run.AgentId, run.SessionId, run.UserId, run.ReportedIterations);
        }

        foreach (var call in batch.ToolCalls)
        {
            Common(text.Append("tool "), call);
            Append(text, call.ToolName, call.CallId, call.Success);
            Attribution(text, call);
        }

        foreach (var link in batch.Links)
        {
            Append(text.Append("link "), link.TraceId, link.SpanId, link.ParentSpanId);
        }

        foreach (var rejection in batch.Rejections)
        {
            Append(text.Append("rejected "), rejection);
        }

        return text.ToString();
    }

    private static void Common(StringBuilder text, TelemetryRecord r) =>
        Append(text, r.TraceId, r.SpanId, r.ParentSpanId, r.StartTime.Ticks, r.EndTime.Ticks, r.Status, r.ErrorType,
            r.ServiceName, r.Environment);

    private static void Attribution(StringBuilder text, AttributedCall c) =>
        Append(text, c.AgentName, c.AgentId, c.SessionId, c.UserId, c.RunSpanId, c.Attribution);

    private static void Append(StringBuilder text, params object?[] values)
    {
        foreach (var value in values)
        {
            text.Append(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<null>").Append('|');
        }

        text.AppendLine();
    }
}
