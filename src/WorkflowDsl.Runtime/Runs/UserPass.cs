using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>A target user as the pass (and the digest planner, for digest recipients) reads them: contact
/// data, manager / HR partner and whether they completed the contents.</summary>
internal sealed class TargetRow
{
    public string Id { get; init; } = "";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? ManagerId { get; init; }
    public string? HrPartnerId { get; init; }
    public bool HasDeviceToken { get; init; }
    public bool CompletedAll { get; init; }

    /// <summary>The page query's projection, with <paramref name="completedAll"/> (the target
    /// group's own completion condition) as <see cref="CompletedAll"/>, and the device-token
    /// lookup only when <paramref name="deviceTokens"/> (a message to users goes out by push).</summary>
    public static Expression<Func<DirectoryUser, TargetRow>> Projection(Expression<Func<DirectoryUser, bool>> completedAll, bool deviceTokens)
    {
        Expression<Func<DirectoryUser, TargetRow>> template = u => new TargetRow
        {
            Id = u.Id,
            Email = u.Email,
            Phone = u.Phone,
            ManagerId = u.ManagerId,
            HrPartnerId = u.HrPartnerId,
            HasDeviceToken = u.DeviceTokens.Any(),
            CompletedAll = false,
        };
        var user = template.Parameters[0];
        var body = (MemberInitExpression)template.Body;
        var completed = new ReplaceParameter(completedAll.Parameters[0], user).Visit(completedAll.Body);
        var bindings = body.Bindings
            .Where(b => deviceTokens || b.Member.Name != nameof(HasDeviceToken))
            .Select(b => b.Member.Name == nameof(CompletedAll) ? Expression.Bind(b.Member, completed) : b);
        return Expression.Lambda<Func<DirectoryUser, TargetRow>>(body.Update(body.NewExpression, bindings), user);
    }
}

/// <summary>The per-user pass: reads the target group page by page (in user-id order, within a
/// <see cref="UserRange"/>), with each page's progress and message history, and asks
/// <see cref="StepMachine"/> (the one owner of step semantics) where each user goes, what they are sent
/// and whether it is their first message. It decides nothing about steps itself. With a
/// <see cref="RunWriter"/> it hands every outcome to the writer; without one it only counts (the safety
/// catch's count, the same definition as a run's, since it is the same pass).</summary>
internal sealed class UserPass(RunOptions options, Func<RunPoint, Task> hook)
{
    /// <summary>Passes over the users of <paramref name="plan"/>'s target group in <paramref name="range"/>.</summary>
    /// <param name="db">The run's context (its open transaction when writing).</param>
    /// <param name="plan">The workflow.</param>
    /// <param name="now">The run's time.</param>
    /// <param name="range">The users to visit.</param>
    /// <param name="tally">Receives the counts (targets, new and completed users, first messages, issues).</param>
    /// <param name="writer">Writes progress and messages; null to count only (nothing is written).</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    public async Task RunAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, UserRange range, RunTally tally, RunWriter? writer, CancellationToken cancellationToken)
    {
        var group = new TargetGroupQuery(db, plan, now);
        var steps = plan.Steps;
        var guard = new HistoryGuard(steps);
        string workflowId = plan.Id;
        // Per user, the page query evaluates only what this plan needs: whether the user completed the
        // contents, unless the group already leaves out those who did (then nobody in it has); whether
        // the user has a push device, only if a message to users goes out by push.
        var projection = TargetRow.Projection(
            plan.TargetGroup.ExcludeCompleted ? u => false : TargetGroupQuery.CompletedAll(db, plan.Contents, now),
            deviceTokens: writer is not null && steps.OfType<MessageStep>().Any(m => m.Recipient == Recipient.User && m.Channels.HasFlag(Channel.Push)));
        string? after = range.AfterUserId;
        string? upTo = range.UpToUserId;
        var sends = new List<PlannedSend>();
        int processed = 0;
        // A workflow that has seen nobody yet (its first run, or a first chunk) has no progress to load for
        // any page: the pages' users are new to it, and the rows this run writes are for users of earlier
        // pages (pages never overlap; nor do chunks).
        bool anySeen = await db.Progress.AnyAsync(p => p.WorkflowId == workflowId, cancellationToken);
        while (true)
        {
            IQueryable<DirectoryUser> query = group.Users();
            if (after is not null) query = query.Where(u => string.Compare(u.Id, after) > 0);
            if (upTo is not null) query = query.Where(u => string.Compare(u.Id, upTo) <= 0);
            var page = await query.OrderBy(u => u.Id).Take(options.PageSize).Select(projection).ToListAsync(cancellationToken);
            if (page.Count == 0) break;

            var ids = page.Select(p => p.Id).ToList();
            // EF.Parameter: the id list goes in as ONE array parameter (json_each on SQLite, = ANY on PostgreSQL)
            // rather than EF 10's default of one parameter per id, whose binding cost ~40 ms per 2,000-id page.
            // Counting only, nothing is changed: the rows are not tracked.
            var progressQuery = db.Progress.Where(p => p.WorkflowId == workflowId && EF.Parameter(ids).Contains(p.UserId));
            if (writer is null) progressQuery = progressQuery.AsNoTracking();
            var progress = anySeen ? await progressQuery.ToDictionaryAsync(p => p.UserId, cancellationToken) : [];
            var history = await MessageHistory.LoadAsync(db, workflowId, progress.Keys.ToList(), cancellationToken);

            foreach (var user in page)
            {
                tally.Targets++;
                progress.TryGetValue(user.Id, out var state);
                if (user.CompletedAll)
                {
                    tally.CompletedUsers++;
                    writer?.MarkCompleted(state);
                    continue;
                }

                var cursor = state is null
                    ? new StepCursor(0, null, 0)
                    : StepMachine.Locate(steps, state.StepKey, state.PassedStepKey, state.StepIndex, state.RepeatsDone, state.LastSentAt);
                sends.Clear();
                string userId = user.Id;
                var next = StepMachine.Advance(steps, cursor, now, state?.FirstSeenAt ?? now, guard.For(history.Of(userId)), sends);
                tally.Count(StepMachine.FirstMessageOf(sends, history.HadMessage(userId)));
                if (sends.Exists(s => s.Message.Recipient == Recipient.User)) tally.MessagedUsers++;
                if (state is null) tally.NewUsers++;
                if (writer is null) continue;

                writer.Advance(state, user.Id, steps, next);
                foreach (var send in sends) writer.PlanSend(user, send, tally);
            }

            if (writer is not null)
            {
                await writer.FlushPageAsync(cancellationToken);
                processed += page.Count;
                options.Progress?.Report(new RunProgress(workflowId, processed));
                await hook(RunPoint.AfterPage);
            }
            if (page.Count < options.PageSize) break;
            after = page[^1].Id;
        }
    }

    /// <summary>Splits the target group into ranges of <paramref name="chunkSize"/> users (the last one
    /// open-ended), in the order the pass visits them.</summary>
    public static async Task<List<UserRange>> SplitAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, int chunkSize, CancellationToken cancellationToken)
    {
        var group = new TargetGroupQuery(db, plan, now);
        var chunks = new List<UserRange>();
        string? after = null;
        while (true)
        {
            var query = group.Users();
            if (after is not null) query = query.Where(u => string.Compare(u.Id, after) > 0);
            string? last = await query.OrderBy(u => u.Id).Select(u => u.Id).Skip(chunkSize - 1).FirstOrDefaultAsync(cancellationToken);
            if (last is null)
            {
                chunks.Add(new UserRange(after, null));
                return chunks;
            }
            chunks.Add(new UserRange(after, last));
            after = last;
        }
    }

    /// <summary>What the users of one page already had from the workflow: every message to them and digest
    /// entry about them (key, repeat and content, for <see cref="HistoryGuard"/>), and who ever had a
    /// message addressed to them. Only users the workflow has seen can have had messages.</summary>
    private sealed class MessageHistory
    {
        private readonly Dictionary<string, List<HadMessage>> _had = new(StringComparer.Ordinal);
        private readonly HashSet<string> _messaged = [];

        public IReadOnlyCollection<HadMessage> Of(string userId) => _had.TryGetValue(userId, out var list) ? list : [];

        public bool HadMessage(string userId) => _messaged.Contains(userId);

        private void Add(string userId, HadMessage message)
        {
            if (!_had.TryGetValue(userId, out var list)) _had[userId] = list = [];
            list.Add(message);
        }

        public static async Task<MessageHistory> LoadAsync(WorkflowDbContext db, string workflowId, List<string> seen, CancellationToken cancellationToken)
        {
            var history = new MessageHistory();
            if (seen.Count == 0) return history;
            foreach (var m in await db.Outbox.Where(m => m.WorkflowId == workflowId && m.RecipientKind == Recipient.User && EF.Parameter(seen).Contains(m.RecipientId))
                         .Select(m => new { m.RecipientId, m.StepKey, m.Repeat, m.TemplateId, m.Channels, m.SkippedChannels }).ToListAsync(cancellationToken))
            {
                history.Add(m.RecipientId, new HadMessage(m.StepKey, m.Repeat, Recipient.User, m.TemplateId, m.Channels | m.SkippedChannels));
                history._messaged.Add(m.RecipientId);
            }
            foreach (var d in await db.DigestEntries.Where(d => d.WorkflowId == workflowId && EF.Parameter(seen).Contains(d.TargetUserId))
                         .Select(d => new { d.TargetUserId, d.StepKey, d.Repeat, d.RecipientKind, d.TemplateId, d.Channels }).ToListAsync(cancellationToken))
                history.Add(d.TargetUserId, new HadMessage(d.StepKey, d.Repeat, d.RecipientKind, d.TemplateId, d.Channels));
            return history;
        }
    }
}
