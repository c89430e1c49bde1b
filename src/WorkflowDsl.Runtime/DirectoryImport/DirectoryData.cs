using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.DirectoryImport;

/// <summary>A batch of directory rows to import: one list per table, as the CSV files hold them.
/// Users' own <see cref="DirectoryUser.Attributes"/> and <see cref="DirectoryUser.DeviceTokens"/> are
/// imported too. <see cref="DirectoryUser.OrgUnitPath"/> is computed from the org-unit tree.</summary>
public sealed class DirectoryData
{
    /// <summary>Org units (parents may come later in the list or be in the database already).</summary>
    public List<OrgUnit> OrgUnits { get; init; } = [];
    /// <summary>Users.</summary>
    public List<DirectoryUser> Users { get; init; } = [];
    /// <summary>Custom attributes.</summary>
    public List<UserAttribute> Attributes { get; init; } = [];
    /// <summary>Push device tokens.</summary>
    public List<PushDeviceToken> DeviceTokens { get; init; } = [];
    /// <summary>Contents.</summary>
    public List<Content> Contents { get; init; } = [];
    /// <summary>Assignments.</summary>
    public List<ContentAssignment> Assignments { get; init; } = [];
    /// <summary>Completions.</summary>
    public List<Completion> Completions { get; init; } = [];
    /// <summary>Administrators.</summary>
    public List<Administrator> Administrators { get; init; } = [];
    /// <summary>Administrators' scopes.</summary>
    public List<AdministratorScope> Scopes { get; init; } = [];

    /// <summary>The CSV line each row read by <see cref="CsvDirectoryReader"/> came from (by reference), so
    /// that the importer's checks name the file and line; rows added in code are named by table and
    /// position (<c>api:users</c> row 3).</summary>
    internal Dictionary<object, int> SourceLines { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The CSV files <see cref="CsvDirectoryReader"/> found (empty for data built in code): in a
    /// <see cref="DirectoryImportMode.Full"/> import, these are the tables the data describes in full.</summary>
    internal HashSet<string> FilesRead { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a full import replaces <paramref name="table"/>: for CSV, when its file was read
    /// (even with no rows); for data built in code, when its list has rows. A full import never empties a
    /// table because a file or a list was left out.</summary>
    internal bool Describes(string table, int rows) => FilesRead.Count > 0 ? FilesRead.Contains(table + ".csv") : rows > 0;
}

/// <summary>What an import does with stored rows that the import does not contain.</summary>
public enum DirectoryImportMode
{
    /// <summary>Keeps them: rows are added or updated, never removed (the default for data built in code).</summary>
    Upsert = 0,

    /// <summary>The import is the whole directory (the default for a folder of CSV files, a complete export):
    /// users no longer present are removed (<see cref="DirectoryUser.RemovedAt"/> is set; they get nothing
    /// more and their rows stay for the history), and assignments and completions no longer present are
    /// deleted. Only the tables the import describes are compared: a CSV file that is not there, or an
    /// empty list in data built in code, leaves its table as it is.</summary>
    Full = 1,
}

/// <summary>One bad row: where it is and what to do.</summary>
/// <param name="File">The CSV file (<c>users.csv</c>), or <c>api:</c> and the table for a
/// <see cref="DirectoryData"/> built in code (<c>api:users</c>).</param>
/// <param name="Line">The 1-based line where the row starts (the header is line 1), or for the API the
/// 1-based row number: the item at index <c>Line - 1</c> of the list; 0 for the whole file or list.</param>
/// <param name="Column">The CSV column name (<c>first_name</c>), which is also the field name for the
/// API; for a user's own attributes and device tokens the item too (<c>attributes[0].value</c>).</param>
/// <param name="Message">What is wrong, naming the value, and what to do.</param>
public sealed record ImportProblem(string File, int Line, string Column, string Message)
{
    /// <summary>For problems of the text itself (quoting, encoding): the 1-based character position in
    /// the line (UTF-16 code units, as an editor's column counts them); null for a bad value.</summary>
    public int? Position { get; init; }

    /// <summary>For an encoding problem: the 0-based offset of the first bad byte in the file; else null.</summary>
    public long? ByteOffset { get; init; }

    /// <summary>True for a row of a <see cref="DirectoryData"/> built in code (<c>api:users</c>).</summary>
    public bool IsApi => File.StartsWith(DirectoryChecks.ApiPrefix, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() =>
        Line <= 0 ? $"{File}: {Message}"
        : IsApi ? $"{File} row {Line} (index {Line - 1}): field '{Column}': {Message}"
        : $"{File}:{Line}{(Position is { } p ? ":" + p : "")}: column '{Column}': {Message}";
}

/// <summary>The import found bad rows; nothing was imported.</summary>
public sealed class DirectoryImportException(IReadOnlyList<ImportProblem> problems)
    : Exception($"WFRUN030: the directory import found {problems.Count} bad row(s); nothing was imported. Fix them and import again:\n"
                + string.Join("\n", problems.Take(50)) + (problems.Count > 50 ? $"\n... and {problems.Count - 50} more" : ""))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}

/// <summary>What an import changed, per table.</summary>
/// <param name="Inserted">Rows added, by table.</param>
/// <param name="Updated">Rows whose values changed, by table.</param>
public sealed record ImportSummary(IReadOnlyDictionary<string, int> Inserted, IReadOnlyDictionary<string, int> Updated)
{
    /// <summary>Rows a <see cref="DirectoryImportMode.Full"/> import removed because the import no longer
    /// has them, by table (<c>users</c>: users marked removed; <c>assignments</c>, <c>completions</c>: rows
    /// deleted); empty for an upsert.</summary>
    public IReadOnlyDictionary<string, int> Removed { get; init; } = new Dictionary<string, int>();

    /// <summary>True when the import changed nothing (importing the same data twice).</summary>
    public bool ChangedNothing => Inserted.Values.All(v => v == 0) && Updated.Values.All(v => v == 0) && Removed.Values.All(v => v == 0);
}
