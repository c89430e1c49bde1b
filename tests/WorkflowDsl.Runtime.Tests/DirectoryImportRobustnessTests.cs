using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Bad CSV text (quoting, encoding, headers, line endings, links, cycles) and bad API rows: each is
/// refused with file, line, column and value, and nothing of the import is written. The expected
/// positions are counted by hand from the input. docs/reliability.md lists these inputs and outcomes.</summary>
public sealed class DirectoryCsvRobustnessTests
{
    private static readonly (string, string) GoodContents = ("contents.csv", "id,title,link\nC1,Security basics,https://learn.example/c1\n");

    private static string FolderWithBytes(string file, byte[] bytes, params (string File, string Text)[] others)
    {
        string folder = DirectoryImportTests.Folder(others);
        File.WriteAllBytes(Path.Combine(folder, file), bytes);
        return folder;
    }

    /// <summary>Reads and imports the folder, expects the refusal, and checks that nothing was written.</summary>
    private static async Task<IReadOnlyList<ImportProblem>> RefusedAsync(Func<DirectoryData> read)
    {
        var s = await Scenario.CreateAsync(StoreKind.Sqlite);
        var error = await Assert.ThrowsAsync<DirectoryImportException>(async () => await s.ImportAsync(read()));
        await using var db = s.Database.CreateContext();
        Assert.Equal((0, 0, 0), (await db.Users.CountAsync(), await db.Contents.CountAsync(), await db.OrgUnits.CountAsync()));
        Assert.Contains("nothing was imported", error.Message);
        return error.Problems;
    }

    /// <summary>Reads and imports the folder, expects exactly one problem, at the place given, whose message
    /// contains <paramref name="message"/>, and checks that nothing was written.</summary>
    private static async Task<ImportProblem> RefusedAtAsync(string folder, (string File, int Line, string Column) where, string message)
    {
        var p = Assert.Single(await RefusedAsync(() => CsvDirectoryReader.Read(folder)));
        Assert.Equal(where, (p.File, p.Line, p.Column));
        Assert.Contains(message, p.Message);
        return p;
    }

    private static async Task<WorkflowDbContext> ImportedAsync(DirectoryData data)
    {
        var s = await Scenario.CreateAsync(StoreKind.Sqlite);
        await s.ImportAsync(data);
        return s.Database.CreateContext();
    }

    private const string UnclosedQuoteUsers =
        "id,first_name,last_name,email\n" +
        "u1,Aino,Virtanen,aino@example.com\n" +
        "u2,\"Matti,Mäkinen,matti@example.com\n" +
        "u3,Liisa,Laine,liisa@example.com\n";

    [Fact]
    public void CsvHelper_alone_reads_an_unclosed_quote_to_the_end_of_the_file()
    {
        // Why the reader checks the quoting first: CsvHelper's recovery swallows u3 into u2's first_name.
        using var csv = CsvReader.FromText(UnclosedQuoteUsers, new CsvReaderOptions { Separator = ',' });
        var firstNames = new List<string>();
        while (csv.Read()) firstNames.Add(csv.GetString("first_name"));

        Assert.Equal(2, firstNames.Count);
        Assert.Contains("u3,Liisa", firstNames[1]);
    }

    [Fact]
    public async Task An_unclosed_quote_is_refused_at_the_opening_quote_and_nothing_is_imported()
    {
        string folder = DirectoryImportTests.Folder(("users.csv", UnclosedQuoteUsers), GoodContents);

        var p = await RefusedAtAsync(folder, ("users.csv", 3, "first_name"), "the quote that opens this field ('\"Matti,Mäkinen,matti@example.c…') is never closed");

        Assert.Equal(4, p.Position);
        Assert.StartsWith("users.csv:3:4: column 'first_name': ", p.ToString());
    }

    [Fact]
    public async Task A_quote_closed_only_on_a_later_line_is_refused_at_its_opening_quote()
    {
        string folder = DirectoryImportTests.Folder(("contents.csv",
            "id,title,link\n" +
            "C1,\"Security basics,https://learn.example/c1\n" +
            "C2,\"Privacy\",https://learn.example/c2\n"));

        var p = await RefusedAtAsync(folder, ("contents.csv", 2, "title"), "('\"Security basics,https://learn…') is closed at line 3, character 4");

        Assert.Equal(4, p.Position);
    }

    [Fact]
    public async Task An_unclosed_quote_whose_pairing_a_later_field_shifts_is_still_refused()
    {
        // The runaway field closes at the first quote of "," (line 3, character 4); the comma after it
        // separates, and the last quote of "," opens a field that never closes (line 3, character 6).
        string folder = DirectoryImportTests.Folder(("contents.csv",
            "id,title,link\n" +
            "C1,\"Security,https://learn.example/c1\n" +
            "C2,\",\",https://learn.example/c2\n"));

        var p = await RefusedAtAsync(folder, ("contents.csv", 3, "link"), "is never closed");

        Assert.Equal(6, p.Position);
    }

    [Fact]
    public async Task A_quote_inside_an_unquoted_field_is_refused_at_the_quote()
    {
        string folder = DirectoryImportTests.Folder(("users.csv", "id,first_name\nu1,Ai\"no\n"), GoodContents);

        var p = await RefusedAtAsync(folder, ("users.csv", 2, "first_name"), "a quote inside an unquoted field ('Ai\"no')");

        Assert.Equal(6, p.Position);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_is_refused_at_the_first_bad_byte_and_nothing_is_replaced()
    {
        // "Mäkinen" in Latin-1: 0xE4 is not UTF-8. Bytes before it: 14 (header) + 8 (u1 line) + 4 ("u2,M").
        byte[] bytes = [.. "id,first_name\nu1,Aino\nu2,M"u8, 0xE4, .. "kinen\nu3,Liisa\n"u8];
        string folder = FolderWithBytes("users.csv", bytes, GoodContents);

        var p = await RefusedAtAsync(folder, ("users.csv", 3, "first_name"), "byte 0xE4 at byte offset 26 is not valid UTF-8");

        Assert.Equal((5, 26L), (p.Position, p.ByteOffset));
        Assert.Contains("CsvDirectoryReader.Read(folder, encoding)", p.Message);
        Assert.DoesNotContain('\uFFFD', p.ToString());
    }

    [Fact]
    public async Task The_byte_offset_of_a_bad_byte_counts_the_byte_order_mark()
    {
        // BOM (3 bytes) + "id\n" (3 bytes), then 0xC3 0x28: a lead byte without its continuation.
        string folder = FolderWithBytes("users.csv", [0xEF, 0xBB, 0xBF, .. "id\n"u8, 0xC3, 0x28, (byte)'\n']);

        var p = await RefusedAtAsync(folder, ("users.csv", 2, "id"), "byte 0xC3 at byte offset 6 is not valid UTF-8");

        Assert.Equal((1, 6L), (p.Position, p.ByteOffset));
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_fine()
    {
        string folder = FolderWithBytes("users.csv", [0xEF, 0xBB, 0xBF, .. "id,first_name\nu1,Äiti\n"u8]);

        await using var db = await ImportedAsync(CsvDirectoryReader.Read(folder));

        Assert.Equal(("u1", "Äiti"), await db.Users.Select(u => ValueTuple.Create(u.Id, u.FirstName)).SingleAsync());
    }

    [Fact]
    public async Task A_declared_encoding_is_read_and_its_bad_bytes_are_refused_too()
    {
        byte[] latin1 = [.. "id,first_name\nu2,M"u8, 0xE4, .. "kinen\n"u8];
        string folder = FolderWithBytes("users.csv", latin1);

        await using var db = await ImportedAsync(CsvDirectoryReader.Read(folder, Encoding.Latin1));
        var asUtf8 = Assert.Single(Assert.Throws<DirectoryImportException>(() => CsvDirectoryReader.Read(folder)).Problems);
        var asAscii = Assert.Single(Assert.Throws<DirectoryImportException>(() => CsvDirectoryReader.Read(folder, Encoding.ASCII)).Problems);

        Assert.Equal("Mäkinen", (await db.Users.SingleAsync()).FirstName);
        // 14 header bytes + "u2,M": the bad byte is at offset 18, line 2, character 5.
        Assert.Equal((2, (int?)5, (long?)18), (asUtf8.Line, asUtf8.Position, asUtf8.ByteOffset));
        Assert.Equal((2, (int?)5, (long?)18), (asAscii.Line, asAscii.Position, asAscii.ByteOffset));
        Assert.Contains("not valid us-ascii", asAscii.Message);
    }

    [Fact]
    public async Task Org_unit_cycles_in_a_file_are_refused_naming_the_units()
    {
        string folder = DirectoryImportTests.Folder(("org_units.csv", "id,parent_id,name\na,b,A\nb,c,B\nc,a,C\nroot,,Root\nd,d,D\n"), GoodContents);

        var problems = await RefusedAsync(() => CsvDirectoryReader.Read(folder));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p is { File: "org_units.csv", Line: 2, Column: "parent_id" } && p.Message.Contains("a -> b -> c -> a"));
        Assert.Contains(problems, p => p is { File: "org_units.csv", Line: 6, Column: "parent_id" } && p.Message.Contains("d -> d"));
    }

    [Fact]
    public async Task Links_that_are_not_absolute_http_or_https_are_refused()
    {
        string folder = DirectoryImportTests.Folder(("contents.csv",
            "id,title,link\n" +
            "C1,Ok,https://learn.example/c1\n" +
            "C2,Script,javascript:alert(1)\n" +
            "C3,Data,\"data:text/html,<script>alert(1)</script>\"\n" +
            "C4,Relative,/courses/c4\n" +
            "C5,Ftp,ftp://files.example/c5\n" +
            "C6,Http,http://learn.example/c6\n"));

        var fromFile = await RefusedAsync(() => CsvDirectoryReader.Read(folder));
        var fromApi = await RefusedAsync(() => new DirectoryData { Contents = [new Content { Id = "C1", Title = "x", Link = "javascript:alert(1)" }] });

        Assert.Equal(new[] { 3, 4, 5, 6 }, fromFile.Select(p => p.Line));
        Assert.All(fromFile, p => Assert.Equal(("contents.csv", "link"), (p.File, p.Column)));
        Assert.Contains("'javascript:alert(1)' is not an absolute http or https link", fromFile[0].Message);
        Assert.Equal("api:contents row 1 (index 0): field 'link': 'javascript:alert(1)' is not an absolute http or https link: write the whole address, " +
                     "such as https://learn.example/c1 (other schemes, such as javascript: or data:, are refused)", Assert.Single(fromApi).ToString());
    }

    [Fact]
    public async Task Api_rows_are_named_by_table_row_and_field_for_every_check()
    {
        var withBadAttribute = Scenario.User("u3");
        withBadAttribute.Attributes = [new UserAttribute { Name = "cost-center", Value = "1" }, new UserAttribute { Name = " ", Value = "2" }];
        var data = new DirectoryData
        {
            OrgUnits = [new OrgUnit { Id = "root", Name = "Root" }, new OrgUnit { Id = null!, Name = null! }],
            Users = [Scenario.User("u1"), new DirectoryUser { Id = "" }, withBadAttribute],
            Contents = [null!],
            Assignments =
            [
                new ContentAssignment { UserId = "u1", ContentId = "C1", Kind = Assignment.Mandatory },
                new ContentAssignment { UserId = "u1", ContentId = "C1", Kind = Assignment.Mandatory | Assignment.Optional },
            ],
            Completions = [new Completion { UserId = "u1", ContentId = "" }],
            Scopes = null!,
        };

        var problems = await RefusedAsync(() => data);

        Assert.Equal(new[]
        {
            "api:administrator_scopes: the list is null: give an empty list",
            "api:assignments row 2 (index 1): field 'kind': 'Mandatory, Optional' is not one assignment kind: use one of Mandatory, Optional, Recommended, SelfEnrolled",
            "api:completions row 1 (index 0): field 'completed_at': is empty: every row needs it",
            "api:completions row 1 (index 0): field 'content_id': is empty: every row needs it",
            "api:contents row 1 (index 0): field '(row)': the row is null: remove it",
            "api:org_units row 2 (index 1): field 'id': is null: give a value, or \"\" where the field may be empty",
            "api:org_units row 2 (index 1): field 'name': is null: give a value, or \"\" where the field may be empty",
            "api:users row 2 (index 1): field 'id': is empty: every row needs it",
            "api:users row 3 (index 2): field 'attributes[1].name': is empty: every row needs it",
        }, problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rows_with_another_number_of_fields_than_the_header_are_refused()
    {
        string folder = DirectoryImportTests.Folder(("users.csv",
            "id,first_name,job_title,hire_date\n" +
            "u1,Aino,Lead, Ops,2026-01-01\n" +
            "u2,Matti\n" +
            "u3,Liisa,Tester,2026-02-01\n"), GoodContents);

        var problems = await RefusedAsync(() => CsvDirectoryReader.Read(folder));

        Assert.Equal(new[] { (2, "(field 5)"), (3, "job_title") }, problems.Select(p => (p.Line, p.Column)));
        Assert.Contains("the row has 5 field(s) but the header has 4: put a value that contains a comma in quotes", problems[0].Message);
        Assert.Contains("the row has 2 field(s) but the header has 4", problems[1].Message);
    }

    [Fact]
    public async Task A_header_with_a_column_twice_is_refused()
    {
        string folder = DirectoryImportTests.Folder(("administrators.csv", "id,name,name\nA1,Anna,Anne\n"));

        await RefusedAtAsync(folder, ("administrators.csv", 1, "name"), "the header has the 'name' column 2 times: keep one");
    }

    [Fact]
    public async Task A_NUL_character_in_a_file_is_refused_with_its_position()
    {
        string folder = FolderWithBytes("users.csv", [.. "id,first_name\nu1,Ai"u8, 0x00, .. "no\n"u8], GoodContents);

        await RefusedAtAsync(folder, ("users.csv", 2, "first_name"), "'Ai\\u0000no' has a NUL character (U+0000) at character 3, which not every database can store: remove it");
    }

    [Fact]
    public async Task A_header_without_a_required_column_is_refused()
    {
        string folder = DirectoryImportTests.Folder(("contents.csv", "id,title\nC1,Security basics\n"));

        await RefusedAtAsync(folder, ("contents.csv", 1, "link"), "the header has no 'link' column: add it (the header is: id,title)");
    }

    [Fact]
    public async Task A_completely_empty_file_is_refused()
    {
        string folder = DirectoryImportTests.Folder(("users.csv", ""), GoodContents);

        await RefusedAtAsync(folder, ("users.csv", 1, "(header)"), "the file is empty: write a header row with at least id");
    }

    [Fact]
    public async Task CRLF_line_endings_count_lines_and_leave_no_carriage_return_in_values()
    {
        string bad = DirectoryImportTests.Folder(("users.csv", "id,first_name,last_name,phone\r\nu1,Aino,Virtanen,+358401234567\r\nu2,Matti,Mäkinen,0401234567\r\n"));
        string good = DirectoryImportTests.Folder(("users.csv", "id,first_name,last_name,phone\r\nu1,Aino,Virtanen,+358401234567\r\n"));

        await RefusedAtAsync(bad, ("users.csv", 3, "phone"), "'0401234567' is not in E.164 form");
        await using var db = await ImportedAsync(CsvDirectoryReader.Read(good));

        var u1 = await db.Users.SingleAsync();
        Assert.Equal(("Virtanen", "+358401234567"), (u1.LastName, u1.Phone));
    }

    [Fact]
    public async Task Quoted_newlines_and_commas_keep_the_line_numbers_of_later_rows()
    {
        const string header = "id,first_name,job_title,hire_date\n";
        const string u1 = "u1,Aino,\"Head of \"\"Security\"\",\nEMEA\nand more\",2026-01-01\n"; // lines 2-4
        string bad = DirectoryImportTests.Folder(("users.csv", header + u1 + "u2,Matti,\"Lead, Ops\",2026-13-01\nu3,Liisa,Tester,2026-02-30\n"));
        string good = DirectoryImportTests.Folder(("users.csv", header + u1 + "u2,Matti,\"Lead, Ops\",2026-02-01\n"));

        var problems = await RefusedAsync(() => CsvDirectoryReader.Read(bad));
        await using var db = await ImportedAsync(CsvDirectoryReader.Read(good));

        Assert.Equal(new[] { ("users.csv", 5, "hire_date"), ("users.csv", 6, "hire_date") }, problems.Select(p => (p.File, p.Line, p.Column)));
        var titles = await db.Users.OrderBy(u => u.Id).Select(u => u.JobTitle).ToListAsync();
        Assert.Equal(new[] { "Head of \"Security\",\nEMEA\nand more", "Lead, Ops" }, titles);
    }
}

/// <summary>Values longer than their columns and org-unit cycles through the stored tree: refused before
/// the database sees them, the same on every provider.</summary>
public abstract class DirectoryImportLimitsTests(StoreKind store)
{
    [StoreFact]
    public async Task Values_longer_than_their_columns_are_refused_before_the_database_sees_them()
    {
        var s = await Scenario.CreateAsync(store);
        var longName = Scenario.User("u2");
        longName.FirstName = new string('a', 401);
        var data = new DirectoryData
        {
            Users = [Scenario.User("u1"), longName, Scenario.User(new string('x', 101))],
            // "https://learn.example/" is 22 characters: 2,001 in all.
            Contents = [new Content { Id = "C1", Title = "Security", Link = "https://learn.example/" + new string('c', 1979) }],
        };
        string folder = DirectoryImportTests.Folder(("users.csv", $"id,first_name\nu1,Aino\n{new string('x', 101)},Matti\n"));

        var api = await Assert.ThrowsAsync<DirectoryImportException>(() => s.ImportAsync(data));
        var csv = Assert.Throws<DirectoryImportException>(() => CsvDirectoryReader.Read(folder));

        Assert.Equal(3, api.Problems.Count);
        Assert.Contains(api.Problems, p => p is { File: "api:users", Line: 2, Column: "first_name" } && p.Message.Contains("is 401 characters long; the column holds at most 400"));
        Assert.Contains(api.Problems, p => p is { File: "api:users", Line: 3, Column: "id" } && p.Message.Contains("is 101 characters long; the column holds at most 100"));
        Assert.Contains(api.Problems, p => p is { File: "api:contents", Line: 1, Column: "link" } && p.Message.Contains("is 2001 characters long; the column holds at most 2000"));
        var p = Assert.Single(csv.Problems);
        Assert.Equal(("users.csv", 3, "id"), (p.File, p.Line, p.Column));
        Assert.StartsWith($"'{new string('x', 40)}…' is 101 characters long; the column holds at most 100: shorten it", p.Message);
        await using var db = s.Database.CreateContext();
        Assert.Equal((0, 0), (await db.Users.CountAsync(), await db.Contents.CountAsync()));
    }

    [StoreFact]
    public async Task NUL_characters_and_lone_surrogates_are_refused_on_every_provider()
    {
        var s = await Scenario.CreateAsync(store);
        var user = Scenario.User("u1");
        (user.FirstName, user.LastName) = ("Ai\0no", "\uD800x");

        var error = await Assert.ThrowsAsync<DirectoryImportException>(() => s.ImportAsync(new DirectoryData { Users = [user] }));

        Assert.Equal(new[]
        {
            "api:users row 1 (index 0): field 'first_name': 'Ai\\u0000no' has a NUL character (U+0000) at character 3, which not every database can store: remove it",
            "api:users row 1 (index 0): field 'last_name': '\\uD800x' has a lone surrogate (U+D800) at character 1, which not every database can store: remove it",
        }, error.Problems.Select(p => p.ToString()));
        await using var db = s.Database.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [StoreFact]
    public async Task A_path_longer_than_its_column_is_refused_at_the_unit_it_makes_too_deep()
    {
        var s = await Scenario.CreateAsync(store);
        // Five units with 200-character ids, each below the previous: the fifth path is 1 + 5 * 201 = 1,006 characters.
        var units = Enumerable.Range(0, 5).Select(i => new OrgUnit { Id = new string((char)('a' + i), 200), ParentId = i == 0 ? null : new string((char)('a' + i - 1), 200) }).ToList();

        var error = await Assert.ThrowsAsync<DirectoryImportException>(() => s.ImportAsync(new DirectoryData { OrgUnits = units }));

        var p = Assert.Single(error.Problems);
        Assert.Equal(("api:org_units", 5, "parent_id"), (p.File, p.Line, p.Column));
        Assert.Contains("is 1006 characters long; paths hold at most 1000", p.Message);
        await using var db = s.Database.CreateContext();
        Assert.Equal(0, await db.OrgUnits.CountAsync());
    }

    [StoreFact]
    public async Task A_tree_150_units_deep_listed_children_first_gets_whole_paths()
    {
        var s = await Scenario.CreateAsync(store);
        // Children first (parents may come later in the list): the deepest unit's path is computed before its parents'.
        var units = Enumerable.Range(0, 150).Reverse().Select(i => new OrgUnit { Id = $"u{i}", ParentId = i == 0 ? null : $"u{i - 1}", Name = $"Unit {i}" }).ToList();
        var user = Scenario.User("deep");
        user.OrgUnitId = "u149";

        await s.ImportAsync(new DirectoryData { OrgUnits = units, Users = [user] });

        await using var db = s.Database.CreateContext();
        string path = (await db.Users.SingleAsync()).OrgUnitPath;
        // 1 + (10 * 3 for u0-u9) + (90 * 4 for u10-u99) + (50 * 5 for u100-u149): every id and its slash.
        Assert.Equal(641, path.Length);
        Assert.StartsWith("/u0/u1/u2/", path);
        Assert.EndsWith("/u148/u149/", path);
        Assert.Equal(path, (await db.OrgUnits.SingleAsync(o => o.Id == "u149")).Path);
    }

    [StoreFact]
    public async Task A_cycle_through_the_stored_tree_is_refused_and_the_tree_is_unchanged()
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportAsync(new DirectoryData
        {
            OrgUnits = [new OrgUnit { Id = "root", Name = "Root" }, new OrgUnit { Id = "x", ParentId = "root", Name = "X" }, new OrgUnit { Id = "y", ParentId = "x", Name = "Y" }],
        });

        // The file alone has no cycle (y is not in it), so the reader accepts it; the importer finds the
        // cycle through the stored y and names the file's line.
        string folder = DirectoryImportTests.Folder(("org_units.csv", "id,parent_id,name\nz,root,Z\nx,y,X moved\n"));

        var api = await Assert.ThrowsAsync<DirectoryImportException>(() =>
            s.ImportAsync(new DirectoryData { OrgUnits = [new OrgUnit { Id = "x", ParentId = "y", Name = "X moved" }] }));
        var csv = await Assert.ThrowsAsync<DirectoryImportException>(() => s.ImportAsync(CsvDirectoryReader.Read(folder)));

        var p = Assert.Single(api.Problems);
        Assert.Equal(("api:org_units", 1, "parent_id"), (p.File, p.Line, p.Column));
        Assert.Contains("the org units form a cycle: x -> y -> x", p.Message);
        Assert.Equal("org_units.csv:3: column 'parent_id': the org units form a cycle: x -> y -> x (each arrow goes to the parent), so none of them " +
                     "has a path from a root: give one of them another parent_id, or none for a root", Assert.Single(csv.Problems).ToString());
        await using var db = s.Database.CreateContext();
        var x = await db.OrgUnits.SingleAsync(o => o.Id == "x");
        Assert.Equal(("root", "X", "/root/x/"), (x.ParentId, x.Name, x.Path));
        Assert.Equal(3, await db.OrgUnits.CountAsync());
    }
}

public sealed class DirectoryImportLimitsOnSqlite() : DirectoryImportLimitsTests(StoreKind.Sqlite);

public sealed class DirectoryImportLimitsOnPostgres() : DirectoryImportLimitsTests(StoreKind.PostgreSql), IPostgresTests;
