namespace CostWatch.Worker.Notifications;

/// <summary>One of <c>CostWatch:Notifications:Routes</c>: alerts whose labels equal all of <see cref="Match"/> go to <see cref="Receivers"/>.</summary>
internal sealed class RouteOptions
{
    public Dictionary<string, string> Match { get; set; } = [];

    /// <summary>Try the routes after this one too, even when this one matched.</summary>
    public bool Continue { get; set; }

    public string[] Receivers { get; set; } = [];
}
