using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Results;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 12 item 4, docs/product-rules.md R-TG-7: a completion counts ("active") from the moment
/// it is dated (<c>completed_at &lt;= now</c>) until it expires (<c>expires_at &gt; now</c>, or none). Both
/// edges to the second, in the target group, the preview, a run and the results: all read
/// <see cref="TargetGroupQuery.ActiveCompletion"/>.</summary>
public abstract class ActiveCompletionTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    // Five users around "now" (day 0, 08:00:00 UTC), each with one completion of C1:
    //   done-now          completed at now,          no expiry      -> active (the completion has happened)
    //   done-in-1s        completed at now + 1 s,    no expiry      -> NOT active (dated in the future)
    //   expires-now       completed a year ago, expires at now      -> NOT active (expired at this instant)
    //   expired-1s-ago    completed a year ago, expires at now - 1 s -> NOT active
    //   expires-in-1s     completed a year ago, expires at now + 1 s -> active
    // plus "never" without a completion. So the group that excludes completed users is
    // {done-in-1s, expired-1s-ago, expires-now, never} and the completed ones are {done-now, expires-in-1s}.
    private static async Task<Scenario> WorldAsync(StoreKind store)
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportUsersAsync(C1, User("done-now"), User("done-in-1s"), User("expires-now"), User("expired-1s-ago"), User("expires-in-1s"), User("never"));
        var now = s.Now;
        var yearAgo = now.AddDays(-365);
        await s.ImportAsync(new DirectoryData
        {
            Completions =
            [
                new Completion { UserId = "done-now", ContentId = "C1", CompletedAt = now },
                new Completion { UserId = "done-in-1s", ContentId = "C1", CompletedAt = now.AddSeconds(1) },
                new Completion { UserId = "expires-now", ContentId = "C1", CompletedAt = yearAgo, ExpiresAt = now },
                new Completion { UserId = "expired-1s-ago", ContentId = "C1", CompletedAt = yearAgo, ExpiresAt = now.AddSeconds(-1) },
                new Completion { UserId = "expires-in-1s", ContentId = "C1", CompletedAt = yearAgo, ExpiresAt = now.AddSeconds(1) },
            ],
        });
        return s;
    }

    private static readonly string[] NotCompletedNow = ["done-in-1s", "expired-1s-ago", "expires-now", "never"];
    private static readonly string[] CompletedNow = ["done-now", "expires-in-1s"];

    private static WorkflowPlan Invitation(bool includeCompleted = false) =>
        Workflow.Invitation("X", Channel.Email).ForContents("C1")
            .TargetGroup(t => includeCompleted ? t.IncludingCompleted() : t.ExcludingCompleted()).Build("x");

    [StoreFact]
    public async Task A_completion_dated_in_the_future_or_expired_at_or_before_now_does_not_exclude_from_the_group_and_preview_agrees()
    {
        var s = await WorldAsync(store);
        await using var db = s.Database.CreateContext();

        var group = await new TargetGroupQuery(db, Invitation(), s.Now).Users().Select(u => u.Id).ToListAsync();
        group = group.Order(StringComparer.Ordinal).ToList();
        var preview = await TargetGroupPreview.ComputeAsync(db, Invitation(), s.Now);

        Assert.Equal(NotCompletedNow, group);
        Assert.Equal(NotCompletedNow, preview.Included.Order(StringComparer.Ordinal));
        Assert.Equal(CompletedNow, preview.Excluded.Where(e => e.Stage == TargetGroupStage.Completion).Select(e => e.UserId).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task A_run_messages_exactly_the_users_whose_completion_is_not_active_now()
    {
        var s = await WorldAsync(store);

        var report = await s.RunAsync(Invitation());

        Assert.Equal(4, report.UserMessages);
        Assert.Equal(NotCompletedNow, (await s.OutboxAsync()).Select(m => m.RecipientId).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task A_run_including_completed_users_counts_only_active_completions_and_results_agree()
    {
        var s = await WorldAsync(store);

        var report = await s.RunAsync(Invitation(includeCompleted: true));
        await using var db = s.Database.CreateContext();
        var atRun = await WorkflowResults.CountCompletionAsync(db, Invitation(true), s.Now);
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        var oneSecondLater = await WorkflowResults.CountCompletionAsync(db, Invitation(true), s.Now);

        // Six targets; done-now and expires-in-1s are completed; the other four are invited.
        Assert.Equal((6, 2, 4), (report.Targets, report.CompletedUsers, report.UserMessages));
        // Results count the users the workflow targeted (the four it gave progress to: completed users it
        // never messaged have none) and which of them have an active completion: none at the run's time
        // (done-in-1s is dated a second later); one second later done-in-1s counts.
        Assert.Equal((4, 0), atRun);
        Assert.Equal((4, 1), oneSecondLater);
    }

    [StoreFact]
    public async Task A_future_completion_counts_from_its_date_and_a_completion_stops_counting_at_its_expiry()
    {
        var s = await WorldAsync(store);
        await using var db = s.Database.CreateContext();

        // One second later: done-in-1s has happened (completed_at == now) and expires-in-1s has expired
        // (expires_at == now), so the completed users are done-now and done-in-1s.
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = (await new TargetGroupQuery(db, Invitation(), s.Now).Users().Select(u => u.Id).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        var preview = await TargetGroupPreview.ComputeAsync(db, Invitation(), s.Now);

        Assert.Equal(["expired-1s-ago", "expires-in-1s", "expires-now", "never"], later);
        Assert.Equal(later, preview.Included.Order(StringComparer.Ordinal));
    }
}

public sealed class ActiveCompletionOnSqlite() : ActiveCompletionTests(StoreKind.Sqlite);

public sealed class ActiveCompletionOnPostgres() : ActiveCompletionTests(StoreKind.PostgreSql), IPostgresTests;
