namespace CostWatch.Storage;

/// <summary>Which table an attributed call lives in.</summary>
public enum CallKind : short
{
    Llm,
    Tool,
}
