using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>The directory data one batch of outbox rows needs, read in a few queries: recipients with
/// their device tokens, the users digests list, contents, due dates and active completions. Builds the
/// template model of each row.</summary>
internal sealed class BatchDirectory
{
    private readonly Dictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Content> _contents = new(StringComparer.Ordinal);
    private readonly Dictionary<(string User, string Content), DateOnly?> _due = [];
    private readonly HashSet<(string User, string Content)> _completed = [];
    private readonly Dictionary<long, List<DigestEntry>> _entries = [];

    private BatchDirectory() { }

    public static async Task<BatchDirectory> LoadAsync(WorkflowDbContext db, IReadOnlyList<OutboxMessage> rows, WorkflowCatalog catalog, DateTime now, CancellationToken cancellationToken)
    {
        var directory = new BatchDirectory();
        var ids = rows.Select(r => r.Id).ToList();
        var digestIds = rows.Where(r => r.RecipientKind != Recipient.User).Select(r => r.Id).ToList();
        if (digestIds.Count > 0)
        {
            foreach (var entry in await db.DigestEntries.AsNoTracking().Where(d => d.OutboxMessageId != null && digestIds.Contains(d.OutboxMessageId.Value)).ToListAsync(cancellationToken))
            {
                if (!directory._entries.TryGetValue(entry.OutboxMessageId!.Value, out var list)) directory._entries[entry.OutboxMessageId.Value] = list = [];
                list.Add(entry);
            }
        }
        var userIds = rows.Select(r => r.RecipientId)
            .Concat(directory._entries.Values.SelectMany(l => l).Select(e => e.TargetUserId))
            .Distinct(StringComparer.Ordinal).ToList();
        // Device tokens only when a row goes out as push (a join and a collection per user otherwise).
        bool push = rows.Any(r => r.Channels.HasFlag(Channel.Push));
        foreach (var chunk in userIds.Chunk(500))
        {
            var list = chunk.ToList();
            var users = push ? db.Users.AsNoTracking().Include(u => u.DeviceTokens) : db.Users.AsNoTracking();
            foreach (var user in await users.Where(u => list.Contains(u.Id)).ToListAsync(cancellationToken))
                directory._users[user.Id] = user;
        }
        var contentIds = rows.Select(r => r.WorkflowId).Distinct()
            .SelectMany(w => catalog.Plans.TryGetValue(w, out var plan) ? plan.Contents.ToArray() : Array.Empty<string>())
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var content in await db.Contents.AsNoTracking().Where(c => contentIds.Contains(c.Id)).ToListAsync(cancellationToken))
            directory._contents[content.Id] = content;
        foreach (var chunk in userIds.Chunk(500))
        {
            var list = chunk.ToList();
            foreach (var a in await db.Assignments.AsNoTracking().Where(a => list.Contains(a.UserId) && contentIds.Contains(a.ContentId) && a.DueDate != null)
                         .Select(a => new { a.UserId, a.ContentId, a.DueDate }).ToListAsync(cancellationToken))
            {
                (string User, string Content) key = (a.UserId, a.ContentId);
                if (!directory._due.TryGetValue(key, out var due) || due is null || a.DueDate < due) directory._due[key] = a.DueDate;
            }
            foreach (var c in await db.Completions.AsNoTracking().Where(c => list.Contains(c.UserId) && contentIds.Contains(c.ContentId)).Where(Runtime.TargetGroups.TargetGroupQuery.ActiveCompletion(now))
                         .Select(c => new { c.UserId, c.ContentId }).ToListAsync(cancellationToken))
                directory._completed.Add((c.UserId, c.ContentId));
        }
        return directory;
    }

    public DirectoryUser? User(string id) => _users.GetValueOrDefault(id);

    /// <summary>The template model of <paramref name="row"/> for <paramref name="recipient"/>.</summary>
    public TemplateModel Model(OutboxMessage row, WorkflowPlan plan, DirectoryUser recipient, string? unsubscribeUrl)
    {
        var person = Person(recipient);
        var workflow = new WorkflowModel(plan.Id, plan.Name);
        if (row.RecipientKind == Recipient.User)
        {
            var contents = plan.Contents.Select(c => ContentOf(c, recipient.Id)).ToList();
            return new TemplateModel(person, workflow, contents)
            {
                User = person,
                DueDate = contents.Select(c => c.DueDate).Where(d => d is not null).Min(),
                UnsubscribeUrl = unsubscribeUrl,
            };
        }
        var users = new List<DigestUserModel>();
        foreach (var entry in _entries.GetValueOrDefault(row.Id, []).OrderBy(e => e.TargetUserId, StringComparer.Ordinal).ThenBy(e => e.StepKey, StringComparer.Ordinal).ThenBy(e => e.Repeat))
        {
            if (!_users.TryGetValue(entry.TargetUserId, out var target)) continue;
            var open = plan.Contents.Where(c => !_completed.Contains((target.Id, c))).Select(c => ContentOf(c, target.Id)).ToList();
            users.Add(new DigestUserModel(target.FirstName, target.LastName, target.Email, open.Select(c => c.DueDate).Where(d => d is not null).Min(), open)
            {
                Step = entry.StepKey,
                Repeat = entry.Repeat,
            });
        }
        return new TemplateModel(person, workflow, plan.Contents.Select(c => ContentOf(c, null)).ToList())
        {
            Users = users,
            UnsubscribeUrl = unsubscribeUrl,
        };
    }

    private static PersonModel Person(DirectoryUser u) => new(u.FirstName, u.LastName, u.Email, u.Locale);

    private ContentModel ContentOf(string contentId, string? userId)
    {
        var content = _contents.GetValueOrDefault(contentId);
        DateOnly? due = userId is null ? null : _due.GetValueOrDefault((userId, contentId));
        return new ContentModel(contentId, content?.Title ?? contentId, content?.Link ?? "", due);
    }
}
