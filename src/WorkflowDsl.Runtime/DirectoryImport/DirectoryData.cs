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
}

/// <summary>One bad row: where it is and what to do.</summary>
/// <param name="File">The CSV file (or "api:table" for the API).</param>
/// <param name="Line">1-based line (the header is line 1), or the 1-based row number for the API.</param>
/// <param name="Column">The column name.</param>
/// <param name="Message">What is wrong, naming the value.</param>
public sealed record ImportProblem(string File, int Line, string Column, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: column '{Column}': {Message}";
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
    /// <summary>True when the import changed nothing (importing the same data twice).</summary>
    public bool ChangedNothing => Inserted.Values.All(v => v == 0) && Updated.Values.All(v => v == 0);
}
