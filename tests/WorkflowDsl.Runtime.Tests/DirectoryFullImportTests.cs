using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.Tests.Infrastructure;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 13 item 13: a full import (the files are the whole directory) removes what the export no
/// longer has and reports the counts; an upsert keeps it; a removed user gets nothing more.</summary>
public abstract class DirectoryFullImportTests(StoreKind store)
{
    /// <summary>The stored directory before the import under test: users u1..u4, contents C1 and C2,
    /// assignments u1-C1, u2-C1, u3-C1 (mandatory) and u3-C2 (optional), completions u2-C1 and u3-C2.</summary>
    private static async Task<Scenario> StoredDirectoryAsync(StoreKind store)
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportAsync(new DirectoryData
        {
            Contents = [Content("C1"), Content("C2")],
            Users = [Scenario.User("u1"), Scenario.User("u2"), Scenario.User("u3"), Scenario.User("u4")],
            Assignments =
            [
                new ContentAssignment { UserId = "u1", ContentId = "C1", Kind = Assignment.Mandatory },
                new ContentAssignment { UserId = "u2", ContentId = "C1", Kind = Assignment.Mandatory },
                new ContentAssignment { UserId = "u3", ContentId = "C1", Kind = Assignment.Mandatory },
                new ContentAssignment { UserId = "u3", ContentId = "C2", Kind = Assignment.Optional },
            ],
            Completions =
            [
                new Completion { UserId = "u2", ContentId = "C1", CompletedAt = s.Now.AddDays(-3) },
                new Completion { UserId = "u3", ContentId = "C2", CompletedAt = s.Now.AddDays(-2) },
            ],
        });
        return s;
    }

    private static Content Content(string id) => new() { Id = id, Title = id + " title", Link = "https://learn.example/" + id };

    /// <summary>The export after u3 and u4 left: users.csv has u1 and u2, assignments.csv u1-C1 and u2-C1,
    /// completions.csv only its header (u2's completion was withdrawn); no contents.csv.</summary>
    private static string ExportFolder() => DirectoryImportTests.Folder(
        ("users.csv", "id,first_name,last_name,email\nu1,u1,Tester,u1@example.com\nu2,u2,Tester,u2@example.com\n"),
        ("assignments.csv", "user_id,content_id,kind\nu1,C1,mandatory\nu2,C1,mandatory\n"),
        ("completions.csv", "user_id,content_id,completed_at\n"));

    [StoreFact]
    public async Task A_full_import_removes_the_users_assignments_and_completions_the_export_no_longer_has_and_counts_them()
    {
        var s = await StoredDirectoryAsync(store);
        s.AdvanceDays(1);

        var summary = await DirectoryImporter.ImportAsync(s.Database, CsvDirectoryReader.Read(ExportFolder()), DirectoryImportMode.Full, s.Clock);
        var again = await DirectoryImporter.ImportAsync(s.Database, CsvDirectoryReader.Read(ExportFolder()), DirectoryImportMode.Full, s.Clock);

        // u3, u4 left; u3-C1 and u3-C2 are no longer assigned; both completions are gone.
        Assert.Equal(new Dictionary<string, int> { ["users"] = 2, ["assignments"] = 2, ["completions"] = 2 }, summary.Removed);
        Assert.True(again.ChangedNothing, "the same export again changes nothing");
        await using var db = s.Database.CreateContext();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.RemovedAt }).ToListAsync();
        Assert.Equal([("u1", (DateTime?)null), ("u2", null), ("u3", s.Now), ("u4", s.Now)], users.Select(u => (u.Id, u.RemovedAt)));
        Assert.Equal(["u1/C1", "u2/C1"], (await db.Assignments.Select(a => a.UserId + "/" + a.ContentId).ToListAsync()).Order());
        Assert.Equal(0, await db.Completions.CountAsync());
        Assert.Equal(2, await db.Contents.CountAsync()); // no contents.csv: the contents stay
    }

    [StoreFact]
    public async Task An_upsert_import_keeps_what_the_import_does_not_have()
    {
        var s = await StoredDirectoryAsync(store);

        var summary = await DirectoryImporter.ImportAsync(s.Database, CsvDirectoryReader.Read(ExportFolder()), DirectoryImportMode.Upsert, s.Clock);

        Assert.Empty(summary.Removed);
        await using var db = s.Database.CreateContext();
        Assert.Equal((4, 0, 4, 2), (await db.Users.CountAsync(), await db.Users.CountAsync(u => u.RemovedAt != null), await db.Assignments.CountAsync(), await db.Completions.CountAsync()));
    }

    [StoreFact]
    public async Task A_full_import_leaves_a_table_alone_when_its_file_or_list_is_missing()
    {
        var s = await StoredDirectoryAsync(store);

        // Only users.csv (u1..u4 all present): assignments and completions have no file, so they stay.
        var csv = await DirectoryImporter.ImportAsync(s.Database, CsvDirectoryReader.Read(DirectoryImportTests.Folder(
            ("users.csv", "id,first_name\nu1,u1\nu2,u2\nu3,u3\nu4,u4\n"))), DirectoryImportMode.Full, s.Clock);
        // Data built in code with users u1..u4 and no assignment or completion rows: the same.
        var api = await DirectoryImporter.ImportAsync(s.Database, new DirectoryData
        {
            Users = [Scenario.User("u1"), Scenario.User("u2"), Scenario.User("u3"), Scenario.User("u4")],
        }, DirectoryImportMode.Full, s.Clock);

        Assert.Equal(new Dictionary<string, int> { ["users"] = 0 }, csv.Removed);
        Assert.Equal(new Dictionary<string, int> { ["users"] = 0 }, api.Removed);
        await using var db = s.Database.CreateContext();
        Assert.Equal((4, 2), (await db.Assignments.CountAsync(), await db.Completions.CountAsync()));
    }

    [StoreFact]
    public async Task A_removed_user_gets_nothing_more_not_even_from_a_workflow_that_includes_inactive_users_nor_a_digest()
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportUsersAsync(["C1"], Scenario.User("boss"), Scenario.User("a", manager: "boss"), Scenario.User("b", manager: "boss"), Scenario.User("gone", manager: "boss"));
        // The export without "gone" and without "boss": both are removed.
        await DirectoryImporter.ImportAsync(s.Database, new DirectoryData { Users = [Scenario.User("a", manager: "boss"), Scenario.User("b", manager: "boss")] },
            DirectoryImportMode.Full, s.Clock);
        var plan = Workflow.Named("X").ForContents("C1").TargetGroup(t => t.IncludingInactive())
            .Invite(Channel.Email).RemindManager(Channel.Email).Build("x");

        var report = await s.RunAsync(plan);
        var outbox = await s.OutboxAsync("x");

        // Invitations to a and b only; the manager digest for them is planned but "boss" is removed, so it
        // is skipped with the reason, and nothing reaches "gone" or "boss".
        Assert.Equal(2, report.Targets);
        Assert.Equal(["a", "b"], outbox.Where(m => m.RecipientKind == Recipient.User).Select(m => m.RecipientId).Order());
        var digest = Assert.Single(outbox, m => m.RecipientKind == Recipient.Manager);
        Assert.Equal(("boss", Channel.None, Channel.Email), (digest.RecipientId, digest.Channels, digest.SkippedChannels));
        Assert.Contains("is not in the directory", Assert.Single(digest.Results).Reason);
    }

    [StoreFact]
    public async Task A_removed_user_who_comes_back_in_a_later_import_is_in_the_directory_again()
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportUsersAsync(["C1"], Scenario.User("a"), Scenario.User("b"));
        await DirectoryImporter.ImportAsync(s.Database, new DirectoryData { Users = [Scenario.User("a")] }, DirectoryImportMode.Full, s.Clock);

        var back = await DirectoryImporter.ImportAsync(s.Database, new DirectoryData { Users = [Scenario.User("a"), Scenario.User("b")] }, DirectoryImportMode.Full, s.Clock);
        var report = await s.RunAsync(Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x"));

        Assert.Equal(1, back.Updated["users"]);
        Assert.Equal(2, report.Targets);
    }
}

public sealed class DirectoryFullImportOnSqlite() : DirectoryFullImportTests(StoreKind.Sqlite);

public sealed class DirectoryFullImportOnPostgres() : DirectoryFullImportTests(StoreKind.PostgreSql), IPostgresTests;
