using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowDsl.Server.Tests;

[CollectionDefinition("server", DisableParallelization = true)]
public sealed class ServerCollection;

/// <summary>The HTTP API as a client uses it.</summary>
[Collection("server")]
public sealed class ApiTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_first_administrator_must_change_the_one_time_password_before_anything_else()
    {
        await using var world = await ServerWorld.StartAsync();
        var client = world.Client();
        (await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = ServerWorld.AdminPassword })).EnsureSuccessStatusCode();

        var before = await client.GetAsync("api/v1/workflows");
        var change = await client.PostAsJsonAsync("api/v1/account/password", new { currentPassword = ServerWorld.AdminPassword, newPassword = ServerWorld.NewPassword });
        var after = await client.GetAsync("api/v1/workflows");

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Contains("change your one-time password", (await JsonAsync(before)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_misspelt_server_setting_stops_the_start_naming_the_key_and_the_closest_valid_one()
    {
        var settings = new Dictionary<string, string?> { ["WorkflowDsl:Server:Hangfire:WorkerCuont"] = "2" };

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => ServerWorld.StartAsync(settings: settings));

        Assert.StartsWith("WorkflowDsl:Server:Hangfire:WorkerCuont is not a setting: did you mean WorkflowDsl:Server:Hangfire:WorkerCount?", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        await using var world = await ServerWorld.StartAsync();
        var client = world.Client();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++)
            statuses.Add((await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = "wrong-" + i })).StatusCode);
        var right = await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = ServerWorld.AdminPassword });

        // Five failures lock the account: the fifth attempt already answers that it is locked.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], statuses);
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Contains("locked", (await JsonAsync(right)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_administrator_lists_only_workflows_with_their_labels_with_enums_as_names()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        var it = await world.AdministratorAsync(super, "ida", ["it"], ["View"]);

        var all = await JsonAsync(await super.GetAsync("api/v1/workflows"));
        var mine = await JsonAsync(await it.GetAsync("api/v1/workflows"));
        var hidden = await it.GetAsync("api/v1/workflows/hr-invite");

        Assert.Equal(["hr-invite", "it-invite"], all.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        var row = mine.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("it-invite", "Stopped", "Off", 3), (row.GetProperty("id").GetString(), row.GetProperty("status").GetString(), row.GetProperty("scheduling").GetString(), row.GetProperty("targets").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task A_manual_run_needs_the_prepared_token_and_is_audited()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        var it = await world.AdministratorAsync(super, "ida", ["it"], ["View", "Run"]);

        var withoutToken = await it.PostAsJsonAsync("api/v1/workflows/it-invite/runs", new { });
        var forged = await it.PostAsJsonAsync("api/v1/workflows/it-invite/runs", new { confirmation = "abc.def" });
        var prepared = await JsonAsync(await it.PostAsync("api/v1/workflows/it-invite/runs/prepare", null));
        var started = await it.PostAsJsonAsync("api/v1/workflows/it-invite/runs", new { confirmation = prepared.GetProperty("confirmation").GetString() });
        var report = await JsonAsync(started);
        var messages = await JsonAsync(await it.GetAsync($"api/v1/workflows/it-invite/runs/{report.GetProperty("runId").GetString()}/messages"));
        var audit = await JsonAsync(await it.GetAsync("api/v1/audit?workflowId=it-invite"));

        Assert.Equal((HttpStatusCode.BadRequest, "confirmation"), (withoutToken.StatusCode, (await JsonAsync(withoutToken)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal((3, 3), (prepared.GetProperty("targets").GetInt32(), prepared.GetProperty("firstMessagesEmailPush").GetInt32()));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(("Completed", 3), (report.GetProperty("outcome").GetString(), report.GetProperty("userMessages").GetInt32()));
        Assert.Equal(["u1", "u3", "u4"], messages.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("recipientId").GetString()).Order());
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        // Newest first: the run, then the refused forged token (the missing token never reached the service).
        Assert.Equal(["run.start", "run.start"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("ida", e.GetProperty("actor").GetString()));
        Assert.Contains("\"UserMessages\":3", entries[0].GetProperty("after").GetString());
        Assert.Contains("WFAPP004", entries[1].GetProperty("after").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field_never_a_500()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();

        var badEnum = await super.GetAsync("api/v1/workflows?status=Sleeping");
        var badNumber = await super.GetAsync("api/v1/workflows?page=abc");
        var badPage = await super.GetAsync("api/v1/workflows?page=0");
        var badJson = await super.PutAsync("api/v1/workflows/it-invite/scheduling", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var noSchedule = await super.PutAsJsonAsync("api/v1/workflows/hr-invite/scheduling", new { on = true });
        var badGuid = await super.GetAsync("api/v1/workflows/it-invite/runs/not-a-guid/messages");

        foreach (var response in new[] { badEnum, badNumber, badPage, badJson, noSchedule })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        Assert.Contains("status", (await JsonAsync(badEnum)).GetProperty("detail").GetString());
        Assert.Contains("page", (await JsonAsync(badNumber)).GetProperty("detail").GetString());
        Assert.Equal("page", (await JsonAsync(badPage)).GetProperty("field").GetString());
        Assert.Equal("WFAPP005", (await JsonAsync(noSchedule)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, badGuid.StatusCode);
    }

    [Fact]
    public async Task An_api_key_acts_for_its_administrator_until_revoked_and_is_stored_only_as_a_hash()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        var it = await world.AdministratorAsync(super, "ida", ["it"], ["View"]);
        string key = await world.ApiKeyAsync(it, "reporting");
        var keyClient = world.KeyClient(key);

        var listed = await JsonAsync(await keyClient.GetAsync("api/v1/workflows"));
        var wrong = await world.KeyClient(key[..^1] + (key[^1] == '0' ? "1" : "0")).GetAsync("api/v1/workflows");
        string id = key.Split('_')[1];
        var revoke = await it.DeleteAsync($"api/v1/account/api-keys/{id}");
        var afterRevoke = await keyClient.GetAsync("api/v1/workflows");
        await using var db = world.Services.GetRequiredService<Storage.ServerDatabase>().CreateContext();
        var stored = db.ApiKeys.Single();

        Assert.Equal(["it-invite"], listed.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.DoesNotContain(key.Split('_')[2], stored.SecretHash);
        Assert.Equal(64, stored.SecretHash.Length);
    }

    [Fact]
    public async Task No_password_or_api_key_reaches_the_logs()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        string key = await world.ApiKeyAsync(super);
        await world.KeyClient(key).GetAsync("api/v1/workflows");
        await world.KeyClient(key + "x").GetAsync("api/v1/workflows");
        await world.Client().PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = "Wrong-Password-42" });

        string secret = key.Split('_')[2];
        Assert.NotEmpty(world.Logs.Lines);
        Assert.DoesNotContain(world.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(ServerWorld.AdminPassword, StringComparison.Ordinal)
                                                     || l.Contains(ServerWorld.NewPassword, StringComparison.Ordinal) || l.Contains("Wrong-Password-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_import_with_a_bad_row_names_file_line_and_column_and_imports_nothing()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("id,first_name,email\nu9,Nina,nina@example.com\nu10,Olli,not-an-email\n"), "files", "users.csv" },
        };
        using var wrongName = new MultipartFormDataContent { { new StringContent("id\nx\n"), "files", "people.csv" } };

        var response = await super.PostAsync("api/v1/directory/import", form);
        var problem = await JsonAsync(response);
        var misnamed = await super.PostAsync("api/v1/directory/import", wrongName);
        var notForm = await super.PostAsJsonAsync("api/v1/directory/import", new { });
        var preview = await JsonAsync(await super.GetAsync("api/v1/workflows/hr-invite/target-group"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("users.csv:3") && p.GetString()!.Contains("email"));
        Assert.Equal(HttpStatusCode.BadRequest, misnamed.StatusCode);
        Assert.Contains("people.csv", (await JsonAsync(misnamed)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notForm.StatusCode);
        Assert.Equal(4, preview.GetProperty("included").GetInt32());
    }

    [Fact]
    public async Task A_CSV_upload_is_a_full_import_by_default_and_upsert_on_request()
    {
        // The world has u1..u5; users.csv has u1..u3.
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        MultipartFormDataContent Users() => new() { { new StringContent("id,first_name,last_name,email\nu1,A,T,u1@example.com\nu2,B,T,u2@example.com\nu3,C,T,u3@example.com\n"), "files", "users.csv" } };

        using (var upsertForm = Users())
        {
            var upsert = await super.PostAsync("api/v1/directory/import?mode=upsert", upsertForm);
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
            Assert.Empty((await JsonAsync(upsert)).GetProperty("removed").EnumerateObject());
        }
        using (var badForm = Users())
        {
            var bad = await super.PostAsync("api/v1/directory/import?mode=replace", badForm);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("mode 'replace' is not an import mode", (await JsonAsync(bad)).GetProperty("detail").GetString());
        }
        // hr-invite targets everyone who has not completed C1: u1, u3, u4, u5 (u2 completed it).
        var before = await JsonAsync(await super.GetAsync("api/v1/workflows/hr-invite/target-group"));
        Assert.Equal(4, before.GetProperty("included").GetInt32());

        using var fullForm = Users();
        var full = await super.PostAsync("api/v1/directory/import", fullForm);
        var preview = await JsonAsync(await super.GetAsync("api/v1/workflows/hr-invite/target-group"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(2, (await JsonAsync(full)).GetProperty("removed").GetProperty("users").GetInt32());
        Assert.Equal(2, preview.GetProperty("included").GetInt32()); // u1 and u3: u4 and u5 were removed
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var world = await ServerWorld.StartAsync();

        var document = await JsonAsync(await world.Client().GetAsync("openapi/v1.json"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/workflows", paths);
        Assert.Contains("/api/v1/workflows/{id}/runs/prepare", paths);
        Assert.Contains("/api/v1/directory/import", paths);
    }

    [Fact]
    public async Task Health_reports_the_database_and_hangfire()
    {
        await using var world = await ServerWorld.StartAsync(hangfireServer: true);

        // The Hangfire check is healthy once the background server has announced itself: ask until then
        // (instead of sleeping a fixed time), for at most 30 s.
        HttpResponseMessage response;
        string body;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            response = await world.Client().GetAsync("health");
            body = await response.Content.ReadAsStringAsync();
            if (body == "Healthy" || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        } while (true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body);
    }
}
