using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.DirectoryImport;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Importing the directory from CSV: documented columns, idempotent, bad rows reported, nothing half-imported.</summary>
public abstract class DirectoryImportTests(StoreKind store)
{
    internal static string Folder(params (string File, string Text)[] files)
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-csv", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(folder, file), text);
        return folder;
    }

    private static readonly (string, string)[] GoodFiles =
    [
        ("org_units.csv", "id,parent_id,name\nroot,,Company\nfi,root,Finland\n"),
        ("users.csv", "id,first_name,last_name,email,phone,is_active,manager_id,org_unit_id,country,hire_date\n" +
                      "u1,Aino,Virtanen,aino@example.com,+358401234567,true,m1,fi,FI,2026-02-01\n" +
                      "m1,Matti,Mäkinen,matti@example.com,,true,,root,FI,\n"),
        ("user_attributes.csv", "user_id,name,value\nu1,cost-center,4711\n"),
        ("device_tokens.csv", "user_id,token\nu1,tok-1\n"),
        ("contents.csv", "id,title,link\nC1,Security basics,https://learn.example/c1\n"),
        ("assignments.csv", "user_id,content_id,kind,due_date\nu1,C1,Mandatory,2026-03-31\n"),
        ("completions.csv", "user_id,content_id,completed_at,expires_at\nm1,C1,2026-01-02T10:00:00Z,2027-01-02T10:00:00Z\n"),
    ];

    [StoreFact]
    public async Task Importing_the_same_CSV_files_twice_changes_nothing()
    {
        var s = await Scenario.CreateAsync(store);
        string folder = Folder(GoodFiles);

        var first = await s.ImportAsync(CsvDirectoryReader.Read(folder));
        var second = await s.ImportAsync(CsvDirectoryReader.Read(folder));

        Assert.Equal(2, first.Inserted["users"]);
        Assert.True(second.ChangedNothing, string.Join(", ", second.Updated.Concat(second.Inserted).Where(p => p.Value > 0)));
        await using var db = s.Database.CreateContext();
        var u1 = await db.Users.Include(u => u.Attributes).Include(u => u.DeviceTokens).SingleAsync(u => u.Id == "u1");
        Assert.Equal("/root/fi/", u1.OrgUnitPath);
        Assert.Equal("4711", u1.Attributes.Single().Value);
        Assert.Equal("tok-1", u1.DeviceTokens.Single().Token);
        Assert.Equal(new DateOnly(2026, 2, 1), u1.HireDate);
        Assert.Equal(new DateTime(2026, 1, 2, 10, 0, 0, DateTimeKind.Utc), (await db.Completions.SingleAsync()).CompletedAt);
    }

    [StoreFact]
    public async Task Bad_rows_are_reported_by_file_line_and_column_and_nothing_is_imported()
    {
        var s = await Scenario.CreateAsync(store);
        string folder = Folder(
            ("contents.csv", "id,title,link\nC1,Ok,https://x\n"),
            ("users.csv", "id,first_name,email,phone,hire_date\nu1,A,a@example.com,+358401,2026-01-01\nu2,B,b@example.com,0401234567,2026-13-01\n,C,c@example.com,,\n"),
            ("assignments.csv", "user_id,content_id,kind\nu1,C1,Mandatory\nu1,C1,Compulsory\n"));

        var error = Assert.Throws<DirectoryImportException>(() => CsvDirectoryReader.Read(folder));

        Assert.Contains(error.Problems, p => p is { File: "users.csv", Line: 3, Column: "phone" } && p.Message.Contains("'0401234567'"));
        Assert.Contains(error.Problems, p => p is { File: "users.csv", Line: 3, Column: "hire_date" });
        Assert.Contains(error.Problems, p => p is { File: "users.csv", Line: 4, Column: "id" });
        Assert.Contains(error.Problems, p => p is { File: "assignments.csv", Line: 3, Column: "kind" } && p.Message.Contains("'Compulsory'"));
        Assert.Contains("users.csv:3: column 'phone'", error.Message);
        await using var db = s.Database.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Contents.CountAsync());
    }

    [StoreFact]
    public async Task A_failing_import_writes_nothing()
    {
        var s = await Scenario.CreateAsync(store);
        var data = new DirectoryData
        {
            Users = [Scenario.User("u1")],
            // Two rows for the same completion key are fine (the last wins); a bad expiry is not.
            Completions = [new Storage.Completion { UserId = "u1", ContentId = "C1", CompletedAt = s.Now, ExpiresAt = s.Now.AddDays(-1) }],
        };

        var error = await Assert.ThrowsAsync<DirectoryImportException>(() => s.ImportAsync(data));

        Assert.Contains(error.Problems, p => p.Column == "expires_at");
        await using var db = s.Database.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync());
    }
}

public sealed class DirectoryImportOnSqlite() : DirectoryImportTests(StoreKind.Sqlite);

public sealed class DirectoryImportOnPostgres() : DirectoryImportTests(StoreKind.PostgreSql), IPostgresTests;
