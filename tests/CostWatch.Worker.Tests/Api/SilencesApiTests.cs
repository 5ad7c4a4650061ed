using System.Net;
using System.Text.Json;
using CostWatch.Storage;
using CostWatch.Storage.Alerting;
using CostWatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CostWatch.Worker.Tests.Api.AlertingApiWorker;

namespace CostWatch.Worker.Tests.Api;

/// <summary>The silence endpoints over real HTTP, on both stores: create, list, show, expire, and every bad field named.</summary>
public sealed class SilencesApiTests
{
    private const string Body = """
        {"matchers":[{"name":"agent","value":"researcher","isRegex":false,"isEqual":true},
                     {"name":"alertname","value":"Trace.*","isRegex":true,"isEqual":true}],
         "startsAt":"2026-11-25T12:30:00Z","endsAt":"2026-11-25T14:00:00Z",
         "createdBy":"ops@example.com","comment":"researcher redeploy"}
        """;

    [Theory]
    [StoreProviders]
    public async Task Create_ThenListGetAndExpire(StorageProvider provider)
    {
        await using var worker = await StartAsync(provider);

        var created = await worker.PostAsync("/api/v1/silences", Body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("silenceID").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/api/v1/silences/{id}", created.Location?.OriginalString);

        var shown = await worker.GetAsync($"/api/v1/silences/{id}");
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal(
            $$"""
            {"id":"{{id}}","status":{"state":"pending"},"matchers":[{"name":"agent","value":"researcher","isRegex":false,"isEqual":true},{"name":"alertname","value":"Trace.*","isRegex":true,"isEqual":true}],"startsAt":"2026-11-25T12:30:00Z","endsAt":"2026-11-25T14:00:00Z","createdBy":"ops@example.com","comment":"researcher redeploy","createdAt":"2026-11-25T12:00:00Z","updatedAt":"2026-11-25T12:00:00Z"}
            """, shown.Text);

        worker.Clock.Advance(TimeSpan.FromMinutes(45));
        var listed = await worker.GetAsync("/api/v1/silences");
        Assert.Equal("active", Assert.Single(Silences(listed)).GetProperty("status").GetProperty("state").GetString());

        var expired = await worker.DeleteAsync($"/api/v1/silences/{id}");
        Assert.Equal(HttpStatusCode.NoContent, expired.Status);
        var after = (await worker.GetAsync($"/api/v1/silences/{id}")).Json;
        Assert.Equal("expired", after.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("2026-11-25T12:45:00Z", after.GetProperty("endsAt").GetString());
        Assert.Equal("2026-11-25T12:45:00Z", after.GetProperty("updatedAt").GetString());
        Assert.Empty(await worker.Host.Services.GetRequiredService<ISilenceStore>()
            .ListActiveAsync(worker.Clock.GetUtcNow().UtcDateTime, default));

        // Expiring again changes nothing and still answers 204.
        Assert.Equal(HttpStatusCode.NoContent, (await worker.DeleteAsync($"/api/v1/silences/{id}")).Status);
        Assert.Equal(after.GetRawText(), (await worker.GetAsync($"/api/v1/silences/{id}")).Text);
    }

    [Fact]
    public async Task List_IsNewestFirst_WithEachSilencesState()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);
        var first = await CreateAsync(worker, startsAt: null, endsAt: "2026-11-25T12:30:00Z");
        worker.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await CreateAsync(worker, startsAt: "2026-11-25T13:00:00Z", endsAt: "2026-11-25T14:00:00Z");
        worker.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await CreateAsync(worker, startsAt: null, endsAt: "2026-11-25T14:00:00Z");
        worker.Clock.Advance(TimeSpan.FromMinutes(30));

        var listed = Silences(await worker.GetAsync("/api/v1/silences"));

        Assert.Equal([third, second, first], listed.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["active", "pending", "expired"],
            listed.Select(s => s.GetProperty("status").GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData(null, "2026-11-25T12:00:00Z")]
    [InlineData("2026-11-24T08:00:00Z", "2026-11-25T12:00:00Z")]
    [InlineData("2026-11-25T13:00:00.25+01:00", "2026-11-25T12:00:00.250000Z")]
    [InlineData("2026-11-25T12:10:00Z", "2026-11-25T12:10:00Z")]
    public async Task StartsAt_DefaultsToNow_AndAStartInThePastIsNow(string? startsAt, string expected)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var id = await CreateAsync(worker, startsAt, "2026-11-25T14:00:00Z");

        Assert.Equal(expected, (await worker.GetAsync($"/api/v1/silences/{id}")).Json.GetProperty("startsAt").GetString());
    }

    [Fact]
    public async Task Matchers_MayBeGivenInTheStringForm_AndObjectsDefaultToEqualNotRegex()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var created = await worker.PostAsync("/api/v1/silences", """
            {"matchers":["agent=~\"res.*\"", "tool!=\"web_search\"", {"name":"severity","value":"critical"}],
             "endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"noisy"}
            """);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var silence = (await worker.GetAsync($"/api/v1/silences/{created.Json.GetProperty("silenceID").GetString()}")).Json;
        Assert.Equal(
            """[{"name":"agent","value":"res.*","isRegex":true,"isEqual":true},{"name":"tool","value":"web_search","isRegex":false,"isEqual":false},{"name":"severity","value":"critical","isRegex":false,"isEqual":true}]""",
            silence.GetProperty("matchers").GetRawText());
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "not json", "body", "not JSON" },
        { "[]", "body", "JSON object" },
        { """{"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers", "matchers is required" },
        { """{"matchers":[],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers", "at least one" },
        { """{"matchers":{},"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers", "must be an array" },
        { """{"matchers":["agent=~\".*\"","tool=\"\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers", "every alert" },
        { """{"matchers":[{"name":"agent","value":"[a-","isRegex":true}],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0].value", "'[a-' is not a valid regular expression" },
        { """{"matchers":["agent=\"a\"",{"name":"9lives","value":"x"}],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[1].name", "'9lives' is not a label name" },
        { """{"matchers":[{"name":"agent"}],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0].value", "matchers[0].value is required" },
        { """{"matchers":[{"name":"agent","value":"a","isRegex":"yes"}],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0].isRegex", "true or false" },
        { """{"matchers":[{"name":"agent","value":"a","op":"="}],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0].op", "unknown field 'matchers[0].op'" },
        { """{"matchers":["agent~\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0]", "is not a label matcher" },
        { """{"matchers":[42],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "matchers[0]", "must be an object" },
        { """{"matchers":["agent=\"a\""],"createdBy":"ops","comment":"c"}""", "endsAt", "endsAt is required" },
        { """{"matchers":["agent=\"a\""],"endsAt":"tomorrow","createdBy":"ops","comment":"c"}""", "endsAt", "RFC 3339" },
        { """{"matchers":["agent=\"a\""],"endsAt":1795000000,"createdBy":"ops","comment":"c"}""", "endsAt", "RFC 3339" },
        { """{"matchers":["agent=\"a\""],"startsAt":"2026-11-25T15:00:00Z","endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "endsAt", "must be after startsAt" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T11:00:00Z","createdBy":"ops","comment":"c"}""", "endsAt", "must be after startsAt" },
        { """{"matchers":["agent=\"a\""],"startsAt":"soon","endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "startsAt", "RFC 3339" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","comment":"c"}""", "createdBy", "createdBy is required" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":7,"comment":"c"}""", "createdBy", "must be a string" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"  "}""", "comment", "comment is required" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c","endAt":"x"}""", "endAt", "unknown field 'endAt'" },
        { """{"matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","createdBy":"x","comment":"c"}""", "createdBy", "given twice" },
        { """{"id":"0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e","matchers":["agent=\"a\""],"endsAt":"2026-11-25T14:00:00Z","createdBy":"ops","comment":"c"}""", "id", "cannot be updated" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_WithABadField_Is400NamingIt_AndStoresNothing(string body, string field, string message)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var answer = await worker.PostAsync("/api/v1/silences", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("bad_parameter", answer.Json.GetProperty("error").GetString());
        Assert.Equal(field, answer.Json.GetProperty("parameter").GetString());
        Assert.Contains(message, answer.Json.GetProperty("message").GetString());
        Assert.Empty(Silences(await worker.GetAsync("/api/v1/silences")));
    }

    [Fact]
    public async Task Create_WithSeveralBadFields_NamesTheFirst_AndSaysWhatIsWrongWithEach()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var answer = await worker.PostAsync("/api/v1/silences",
            """{"matchers":[{"name":"agent","value":"(","isRegex":true}],"endsAt":"later","createdBy":"","comment":null}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("matchers[0].value", answer.Json.GetProperty("parameter").GetString());
        var message = answer.Json.GetProperty("message").GetString()!;
        Assert.Contains("matchers[0].value: '(' is not a valid regular expression", message);
        Assert.Contains("endsAt must be an RFC 3339 time", message);
        Assert.Contains("createdBy is required", message);
        Assert.Contains("comment is required", message);
    }

    [Fact]
    public async Task Create_WithABodyOver64KiB_Is400()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);
        var body = Body.Replace("researcher redeploy", new string('x', 70 * 1024), StringComparison.Ordinal);

        var answer = await worker.PostAsync("/api/v1/silences", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("body", answer.Json.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task UnknownId_Is404_AndABadIdIs400(string method)
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);
        await CreateAsync(worker, null, "2026-11-25T14:00:00Z");

        var unknown = await worker.SendAsync(new HttpMethod(method), "/api/v1/silences/0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e");
        var bad = await worker.SendAsync(new HttpMethod(method), "/api/v1/silences/not-an-id");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("not_found", unknown.Json.GetProperty("error").GetString());
        Assert.Contains("0b9c6f2e-4d1a-4c59-9d6e-2f8a1b3c4d5e", unknown.Json.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("id", bad.Json.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task UnknownQueryParameter_Is400()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite);

        var answer = await worker.GetAsync("/api/v1/silences?state=active");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("state", answer.Json.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task WithApiTokens_CreatingAndExpiringNeedABearerToken()
    {
        await using var worker = await StartAsync(StorageProvider.Sqlite, new Dictionary<string, string>
        {
            ["CostWatch:Auth:ApiTokens:0"] = "api-secret",
        });

        var refused = await worker.PostAsync("/api/v1/silences", Body);
        worker.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "api-secret");
        var created = await worker.PostAsync("/api/v1/silences", Body);
        var id = created.Json.GetProperty("silenceID").GetString();
        worker.Http.DefaultRequestHeaders.Authorization = null;
        var refusedDelete = await worker.DeleteAsync($"/api/v1/silences/{id}");
        worker.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "api-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedDelete.Status);
        var silence = Assert.Single(Silences(await worker.GetAsync("/api/v1/silences")));
        Assert.Equal(id, silence.GetProperty("id").GetString());
        Assert.Equal("pending", silence.GetProperty("status").GetProperty("state").GetString());
    }

    private static List<JsonElement> Silences(Answer answer) =>
        answer.Json.GetProperty("silences").EnumerateArray().ToList();

    private static async Task<string> CreateAsync(AlertingApiWorker worker, string? startsAt, string endsAt)
    {
        var starts = startsAt is null ? "" : $"\"startsAt\":\"{startsAt}\",";
        var created = await worker.PostAsync("/api/v1/silences",
            $$"""{"matchers":["agent=\"researcher\""],{{starts}}"endsAt":"{{endsAt}}","createdBy":"ops","comment":"c"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json.GetProperty("silenceID").GetString()!;
    }
}
