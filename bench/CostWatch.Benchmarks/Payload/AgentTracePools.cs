namespace CostWatch.Benchmarks.Payload;

/// <summary>The values realistic agent traces draw from: a fleet of ~20 agents, ~10 models and ~20 tools.</summary>
internal static class AgentTracePools
{
    public static readonly string[] Agents =
    [
        "support-triage", "billing-helper", "research-assistant", "code-reviewer", "sql-analyst", "travel-planner",
        "onboarding-guide", "incident-responder", "sales-qualifier", "doc-writer", "qa-tester", "data-cleaner",
        "contract-reviewer", "recruiting-screener", "marketing-copy", "tutor", "it-helpdesk", "security-auditor",
        "finance-reconciler", "product-feedback",
    ];

    public static readonly ModelProfile[] Models =
    [
        new("openai", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", false, 2.5e-6, 1e-5),
        new("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "api.openai.com", false, 1.5e-7, 6e-7),
        new("openai", "gpt-4.1", "gpt-4.1-2025-04-14", "api.openai.com", false, 2e-6, 8e-6),
        new("openai", "o3-mini", "o3-mini-2025-01-31", "api.openai.com", true, 1.1e-6, 4.4e-6),
        new("anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "api.anthropic.com", false, 3e-6, 1.5e-5),
        new("anthropic", "claude-haiku-4-5", "claude-haiku-4-5-20251001", "api.anthropic.com", false, 1e-6, 5e-6),
        new("anthropic", "claude-opus-4-1", "claude-opus-4-1-20250805", "api.anthropic.com", true, 1.5e-5, 7.5e-5),
        new("gcp.gemini", "gemini-2.5-pro", "gemini-2.5-pro", "generativelanguage.googleapis.com", true, 1.25e-6, 1e-5),
        new("gcp.gemini", "gemini-2.5-flash", "gemini-2.5-flash", "generativelanguage.googleapis.com", false, 3e-7, 2.5e-6),
        new("mistral_ai", "mistral-large-latest", "mistral-large-2411", "api.mistral.ai", false, 2e-6, 6e-6),
    ];

    public static readonly string[] Tools =
    [
        "web_search", "fetch_url", "read_file", "write_file", "run_python", "sql_query", "search_docs", "get_weather",
        "send_email", "create_ticket", "lookup_customer", "list_orders", "refund_order", "calendar_lookup",
        "translate_text", "summarize_pdf", "vector_search", "git_diff", "run_tests", "http_request",
    ];

    public static readonly string[] ToolErrors = ["timeout", "tool_error", "http_500", "permission_denied"];

    public static readonly string[] FinishReasons = ["stop", "tool_calls", "length"];

    /// <summary>One per load-generator client: each client plays one service of agents.</summary>
    public static readonly string[] Services =
    [
        "support-agents", "research-agents", "dev-tools-agents", "back-office-agents", "growth-agents", "ops-agents",
        "edu-agents", "it-agents",
    ];

    public const int SessionsPerClient = 200;

    public const int Users = 500;
}
