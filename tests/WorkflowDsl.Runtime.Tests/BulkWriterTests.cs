using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>The one bulk-write path stores every value as EF stores it (so EF's own queries, which compare
/// dates, Guids and enums in SQL, find the rows) for each table it writes, on SQLite and PostgreSQL.</summary>
public abstract class BulkWriterTests(StoreKind store)
{
    private static readonly DateTime Now = new(2026, 1, 5, 8, 0, 0, 123, DateTimeKind.Utc);

    [StoreFact]
    public async Task Rows_written_in_bulk_read_back_through_EF_and_match_EFs_own_query_translation()
    {
        var s = await Scenario.CreateAsync(store);
        var run = Guid.NewGuid();
        // Runs of rows that differ in one column (set-based on SQLite), and rows that differ in several.
        var outbox = Enumerable.Range(0, 10).Select(i => new OutboxMessage
        {
            WorkflowId = "w", RunId = run, RecipientKind = Recipient.User, RecipientId = $"u{i}", StepKey = i < 6 ? "invite" : "remind",
            Repeat = i < 8 ? 0 : i - 7, TemplateId = "t", Channels = Channel.Email | Channel.Sms, SkippedChannels = i % 2 == 0 ? Channel.None : Channel.Push,
            CreatedAt = Now, ListedUsers = 0,
        }).ToList();
        var progress = Enumerable.Range(0, 6).Select(i => new UserProgress
        {
            WorkflowId = "w", UserId = $"u{i}", StepKey = i == 5 ? null : "remind", PassedStepKey = "invite", StepIndex = 1,
            LastSentAt = i == 4 ? null : Now, RepeatsDone = 0, Finished = i == 5, Completed = false, FirstSeenAt = Now, UpdatedAt = Now,
        }).ToList();
        var tracking = new List<TrackingRecord>
        {
            new() { Kind = TrackingKind.Click, OutboxMessageId = 1, UserId = "u1", Url = "https://learn.example/x", At = Now, UserAgent = null },
        };

        await using (var db = s.Database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkWriter.InsertAsync(db, outbox, default);
            await BulkWriter.InsertAsync(db, progress, default);
            await BulkWriter.InsertAsync(db, tracking, default);
            await transaction.CommitAsync();
        }

        await using (var db = s.Database.CreateContext())
        {
            var stored = await db.Outbox.AsNoTracking().Where(m => m.RunId == run && m.CreatedAt == Now).OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(outbox.Select(Key), stored.Select(Key));
            Assert.Equal(3, await db.Outbox.CountAsync(m => (m.SkippedChannels & Channel.Push) != 0 && m.StepKey == "invite"));
            var progressStored = await db.Progress.AsNoTracking().Where(p => p.FirstSeenAt == Now).OrderBy(p => p.UserId).ToListAsync();
            Assert.Equal(progress.Select(ProgressKey), progressStored.Select(ProgressKey));
            Assert.Equal(4, await db.Progress.CountAsync(p => p.LastSentAt < Now.AddSeconds(1) && !p.Finished));
            var click = await db.Tracking.AsNoTracking().SingleAsync(t => t.Kind == TrackingKind.Click);
            Assert.Equal(("u1", "https://learn.example/x", Now, (string?)null), (click.UserId, click.Url, click.At, click.UserAgent));
        }

        static object Key(OutboxMessage m) => (m.WorkflowId, m.RunId, m.RecipientKind, m.RecipientId, m.StepKey, m.Repeat, m.TemplateId, m.Channels, m.SkippedChannels, m.CreatedAt, m.ListedUsers, m.Batch);
        static object ProgressKey(UserProgress p) => (p.WorkflowId, p.UserId, p.StepKey, p.PassedStepKey, p.StepIndex, p.LastSentAt, p.RepeatsDone, p.Finished, p.Completed, p.FirstSeenAt, p.UpdatedAt);
    }

    [StoreFact]
    public async Task Updates_by_key_write_the_named_columns_of_the_row_the_key_finds()
    {
        var s = await Scenario.CreateAsync(store);
        var claims = Enumerable.Range(1, 5).Select(i => new DispatchAttempt
        {
            OutboxMessageId = i, Channel = Channel.Email, AttemptNumber = 1, State = AttemptState.InFlight, ClaimedAt = Now,
        }).ToList();
        await using (var db = s.Database.CreateContext())
        {
            await BulkWriter.InsertAsync(db, claims, default);   // no transaction open: the writer opens the connection itself
            foreach (var claim in claims.Take(2))
            {
                claim.State = AttemptState.Sent;
                claim.ProviderId = "id-" + claim.OutboxMessageId;
                claim.FinishedAt = Now.AddMinutes(1);
            }
            claims[2].ClaimedAt = Now.AddDays(1);   // not a column the update names
            await BulkWriter.UpdateAsync(db, claims.Take(3).ToList(),
                [nameof(DispatchAttempt.OutboxMessageId), nameof(DispatchAttempt.Channel), nameof(DispatchAttempt.AttemptNumber)],
                [nameof(DispatchAttempt.State), nameof(DispatchAttempt.ProviderId), nameof(DispatchAttempt.FinishedAt)], default);
        }

        await using (var db = s.Database.CreateContext())
        {
            var stored = await db.Attempts.AsNoTracking().OrderBy(a => a.OutboxMessageId).ToListAsync();
            Assert.Equal(
                [(1L, AttemptState.Sent, "id-1", Now.AddMinutes(1), Now), (2L, AttemptState.Sent, "id-2", Now.AddMinutes(1), Now),
                 (3L, AttemptState.InFlight, null, null, Now), (4L, AttemptState.InFlight, null, null, Now), (5L, AttemptState.InFlight, null, null, Now)],
                stored.Select(a => (a.OutboxMessageId, a.State, a.ProviderId, a.FinishedAt, a.ClaimedAt)));
            Assert.Equal(2, await db.Attempts.CountAsync(a => a.State == AttemptState.Sent && a.FinishedAt > Now));
        }
    }
}

public sealed class BulkWriterOnSqlite() : BulkWriterTests(StoreKind.Sqlite);

public sealed class BulkWriterOnPostgres() : BulkWriterTests(StoreKind.PostgreSql), IPostgresTests;
