using System.Text.Json.Nodes;
using CostWatch.Worker.Tests.DemoStack;

namespace CostWatch.Worker.Tests.Dashboards;

/// <summary>A dashboard of <c>dashboards/*.json</c>, read as Grafana reads it.</summary>
internal sealed class GrafanaDashboard
{
    private GrafanaDashboard(string file, JsonObject json)
    {
        File = file;
        Json = json;
    }

    public string File { get; }

    public JsonObject Json { get; }

    public string Uid => (string)Json["uid"]!;

    public string Title => (string)Json["title"]!;

    /// <summary>Every panel that shows something, those inside rows included; rows themselves left out.</summary>
    public IEnumerable<JsonObject> Panels =>
        Json["panels"]!.AsArray().Select(panel => panel!.AsObject())
            .SelectMany(panel => panel["panels"] is JsonArray nested ? nested.Select(p => p!.AsObject()).Prepend(panel) : [panel])
            .Where(panel => (string?)panel["type"] != "row");

    public IEnumerable<JsonObject> Variables => Json["templating"]!["list"]!.AsArray().Select(v => v!.AsObject());

    /// <summary>Every query: panel targets (PromQL <c>expr</c>, SQL <c>rawSql</c>) and query variables.</summary>
    public IEnumerable<DashboardQuery> Queries =>
        Panels.SelectMany(panel => panel["targets"]!.AsArray().Select(target => target!.AsObject()).Select(target =>
                target["rawSql"] is { } sql
                    ? new DashboardQuery(Title, (string)panel["title"]!, (string)target["refId"]!, IsSql: true, (string)sql!)
                    : new DashboardQuery(Title, (string)panel["title"]!, (string)target["refId"]!, IsSql: false, (string)target["expr"]!)))
            .Concat(Variables.Where(v => (string?)v["type"] == "query").Select(v =>
                new DashboardQuery(Title, $"variable {v["name"]}", "query", IsSql: false, (string)v["definition"]!)));

    /// <summary>Every <c>datasource</c> object anywhere in the dashboard, with where it was found.</summary>
    public IEnumerable<(string Where, JsonObject Reference)> DatasourceReferences() => Find(Json, "");

    public static IReadOnlyList<GrafanaDashboard> LoadAll() =>
        Directory.GetFiles(RepositoryFiles.PathOf("dashboards"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => new GrafanaDashboard(Path.GetFileName(file), JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsObject()))
            .ToList();

    private static IEnumerable<(string, JsonObject)> Find(JsonNode? node, string where) => node switch
    {
        JsonObject obj => obj.SelectMany(property =>
            property.Key == "datasource" && property.Value is JsonObject reference
                ? [(where, reference)]
                : Find(property.Value, obj["title"] is JsonValue title ? (where == "" ? $"{title}" : $"{where} / {title}") : where)),
        JsonArray array => array.SelectMany(item => Find(item, where)),
        _ => [],
    };
}
