namespace WorkflowDsl.Delivery.Rendering;

/// <summary>A person a template talks about or to: <c>user.*</c> and <c>recipient.*</c>.</summary>
/// <param name="FirstName">First name (<c>first_name</c>).</param>
/// <param name="LastName">Last name (<c>last_name</c>).</param>
/// <param name="Email">Email address (<c>email</c>).</param>
/// <param name="Locale">Locale such as "fi-FI" (<c>locale</c>); chooses the template's language.</param>
public sealed record PersonModel(string FirstName, string LastName, string? Email = null, string? Locale = null)
{
    /// <summary>Full name (<c>name</c>): first and last name.</summary>
    public string Name => $"{FirstName} {LastName}".Trim();
}

/// <summary>The workflow a message belongs to: <c>workflow.*</c>.</summary>
/// <param name="Id">Workflow id (<c>id</c>).</param>
/// <param name="Name">Workflow name (<c>name</c>).</param>
public sealed record WorkflowModel(string Id, string Name);

/// <summary>A content (training): <c>content.*</c> and the items of <c>contents</c>.</summary>
/// <param name="Id">Content id (<c>id</c>).</param>
/// <param name="Title">Title (<c>title</c>).</param>
/// <param name="Link">Absolute link to the content (<c>link</c>).</param>
/// <param name="DueDate">Due date of the user's assignment, if any (<c>due_date</c>).</param>
public sealed record ContentModel(string Id, string Title, string Link, DateOnly? DueDate = null);

/// <summary>One user listed in a manager or HR partner digest: an item of <c>users</c>.</summary>
/// <param name="FirstName">First name (<c>first_name</c>).</param>
/// <param name="LastName">Last name (<c>last_name</c>).</param>
/// <param name="Email">Email address (<c>email</c>).</param>
/// <param name="DueDate">Earliest due date of the user's assignments (<c>due_date</c>).</param>
/// <param name="Contents">The contents the user has not completed (<c>contents</c>).</param>
public sealed record DigestUserModel(string FirstName, string LastName, string? Email, DateOnly? DueDate, IReadOnlyList<ContentModel> Contents)
{
    /// <summary>Full name (<c>name</c>).</summary>
    public string Name => $"{FirstName} {LastName}".Trim();

    /// <summary>The key of the step the user reached (<c>step</c>): the manager / HR-partner step, or the
    /// DelayAndRepeat step for a repeat. One digest per recipient and run lists users of every digest step.</summary>
    public string Step { get; init; } = "";

    /// <summary>0 for the step itself, 1..n for a repeat of it (<c>repeat</c>).</summary>
    public int Repeat { get; init; }
}

/// <summary>The variables of one message, as docs/templates.md lists them. Optional values that are not
/// set (<c>due_date</c>, <c>user</c> in a digest, ...) are falsy in <c>{% if %}</c>; printing one is a
/// render error, so a sent message never has an empty hole.</summary>
/// <param name="Recipient">Who receives the message (<c>recipient</c>); their locale chooses the language.</param>
/// <param name="Workflow">The workflow (<c>workflow</c>).</param>
/// <param name="Contents">The workflow's contents (<c>contents</c>; the first is <c>content</c>). At least one.</param>
public sealed record TemplateModel(PersonModel Recipient, WorkflowModel Workflow, IReadOnlyList<ContentModel> Contents)
{
    /// <summary>The target user (<c>user</c>); not set in a digest.</summary>
    public PersonModel? User { get; init; }

    /// <summary>Earliest due date of the user's assignments (<c>due_date</c>).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Digest only: the users who reached the step (<c>users</c>).</summary>
    public IReadOnlyList<DigestUserModel>? Users { get; init; }

    /// <summary>The one-click unsubscribe link (<c>unsubscribe_url</c>), see <c>TrackingLinks</c>.</summary>
    public string? UnsubscribeUrl { get; init; }
}
