namespace WorkflowDsl.Application;

/// <summary>What a caller may do. Each operation of <see cref="IWorkflowService"/> needs one.</summary>
[Flags]
public enum Permission
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>See workflows, target groups, results, runs and messages.</summary>
    View = 1,
    /// <summary>Start manual runs.</summary>
    Run = 2,
    /// <summary>Switch scheduling and change schedules.</summary>
    Schedule = 4,
    /// <summary>Confirm or discard runs held by the safety catch.</summary>
    ConfirmHeldRuns = 8,
    /// <summary>Import the directory.</summary>
    Import = 16,
    /// <summary>Release a stuck run lock.</summary>
    Release = 32,
    /// <summary>Every permission.</summary>
    All = View | Run | Schedule | ConfirmHeldRuns | Import | Release,
}

/// <summary>Who is asking: a name for the run history and the audit log, the labels whose workflows
/// they may see and operate (product rules: an administrator sees a workflow when they hold at least
/// one of its labels), whether they are a super-administrator (sees everything), and their permissions.</summary>
/// <param name="Name">Who, as recorded (a user name, "schedule", "console").</param>
/// <param name="IsSuperAdministrator">Sees and operates every workflow.</param>
/// <param name="Labels">The labels the caller holds.</param>
/// <param name="Permissions">The operations the caller may perform on the workflows they see.</param>
public sealed record Caller(string Name, bool IsSuperAdministrator, IReadOnlySet<string> Labels, Permission Permissions)
{
    /// <summary>The application itself (a console job, the scheduler): a super-administrator with every permission.</summary>
    public static Caller System(string name) => new(name, true, new HashSet<string>(StringComparer.Ordinal), Permission.All);

    /// <summary>An administrator holding <paramref name="labels"/> with <paramref name="permissions"/>.</summary>
    public static Caller Administrator(string name, Permission permissions, params string[] labels) =>
        new(name, false, new HashSet<string>(labels, StringComparer.Ordinal), permissions);

    /// <summary>Whether the caller may see a workflow with these labels.</summary>
    public bool CanSee(IEnumerable<string> workflowLabels) => IsSuperAdministrator || workflowLabels.Any(Labels.Contains);

    /// <summary>Whether the caller holds <paramref name="permission"/>.</summary>
    public bool Has(Permission permission) => (Permissions & permission) == permission;
}

/// <summary>One page of a longer list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="PageNumber">The page number, from 1.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">Items in the whole list.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    /// <summary>How many pages the list has.</summary>
    public int Pages => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>Which page to show.</summary>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to <see cref="MaxPageSize"/>.</param>
public readonly record struct Paging(int Page = 1, int PageSize = 50)
{
    /// <summary>The largest page the service returns.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The first page of 50, used where no paging is given (a <c>default</c> <see cref="Paging"/>).</summary>
    public static Paging First { get; } = new(1, 50);

    /// <summary>This paging, or <see cref="First"/> when it is <c>default</c> (nothing given).</summary>
    public Paging OrFirst() => this == default ? First : this;

    /// <summary>Items to skip.</summary>
    public int Skip => (Page - 1) * PageSize;

    internal Refusal? Check()
    {
        if (Page < 1) return new Refusal(RefusalKind.InvalidInput, "WFAPP001", $"page {Page} is not a page number: pages count from 1.", "page");
        if (PageSize < 1 || PageSize > MaxPageSize)
            return new Refusal(RefusalKind.InvalidInput, "WFAPP001", $"page size {PageSize} is out of range: ask for 1 to {MaxPageSize} items per page.", "pageSize");
        return null;
    }
}
