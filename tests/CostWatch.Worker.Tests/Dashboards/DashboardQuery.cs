namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>One query of a dashboard: a panel's target, or a template variable's query.</summary>
/// <param name="Dashboard">The dashboard's title.</param>
/// <param name="Panel">The panel's title, or <c>variable NAME</c>.</param>
/// <param name="RefId">The target's refId.</param>
/// <param name="IsSql">PostgreSQL (rawSql) rather than PromQL (expr).</param>
/// <param name="Text">The query as written, template variables and macros not substituted.</param>
internal sealed record DashboardQuery(string Dashboard, string Panel, string RefId, bool IsSql, string Text)
{
    public override string ToString() => $"{Dashboard} / {Panel} ({RefId})";
}
