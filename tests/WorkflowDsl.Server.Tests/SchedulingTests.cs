using System.Net.Http.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Scheduling;

namespace WorkflowDsl.Server.Tests;

/// <summary>Hangfire keeps recurring jobs equal to the schedules in our database.</summary>
[Collection("server")]
public sealed class SchedulingTests
{
    private static RecurringJobDto? Job(IServiceProvider services, string id)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == id);
    }

    [Fact]
    public async Task Switching_scheduling_on_adds_the_recurring_job_in_the_time_zone_and_off_removes_it()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();

        Assert.Null(Job(world.Services, "workflow:it-invite"));
        (await super.PutAsJsonAsync("api/v1/workflows/it-invite/scheduling", new { on = true })).EnsureSuccessStatusCode();
        var on = Job(world.Services, "workflow:it-invite");
        (await super.PutAsJsonAsync("api/v1/workflows/it-invite/scheduling", new { on = false })).EnsureSuccessStatusCode();
        var off = Job(world.Services, "workflow:it-invite");

        Assert.Equal(("0 8 * * MON", "Europe/Helsinki"), (on!.Cron, on.TimeZoneId));
        Assert.Null(off);
        Assert.NotNull(Job(world.Services, ScheduleSynchronizer.DispatchJobId));
    }

    [Fact]
    public async Task A_surge_held_by_the_safety_catch_removes_the_job_and_confirming_restores_it()
    {
        await using var world = await ServerWorld.StartAsync();
        var service = world.Services.GetRequiredService<IWorkflowService>();
        var admin = Caller.System("test");
        // Switched on with nobody seen yet: the baseline is 3 first messages (u1, u3, u4). Then the group grows.
        (await service.SetSchedulingAsync(admin, "it-invite", true)).GetValueOrThrow();
        (await service.ImportDirectoryAsync(admin, ServerWorld.Directory(300, 300))).GetValueOrThrow();

        var held = await service.RunScheduledAsync(Caller.System(WorkflowJobs.ScheduleCaller), "it-invite");
        var whileHeld = Job(world.Services, "workflow:it-invite");
        (await service.ConfirmHeldRunAsync(admin, "it-invite")).GetValueOrThrow();
        var afterConfirm = Job(world.Services, "workflow:it-invite");

        // 300 assignees less u2 (completed) = 299 first messages > baseline 3 + 250.
        Assert.Equal(RefusalKind.HeldBySafetyCatch, held.Refusal!.Kind);
        Assert.Null(whileHeld);
        Assert.NotNull(afterConfirm);
    }

    [Fact]
    public async Task The_synchronizer_removes_jobs_of_workflows_no_longer_defined()
    {
        await using var world = await ServerWorld.StartAsync();
        var jobs = world.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<WorkflowJobs>("workflow:deleted-workflow", j => j.RunScheduledAsync("deleted-workflow"), "0 8 * * *");

        await world.Services.GetRequiredService<ScheduleSynchronizer>().SyncAsync();

        Assert.Null(Job(world.Services, "workflow:deleted-workflow"));
    }

    [Theory]
    // Daily 08:00 in Helsinki: UTC+2 until Sunday 29 March 2026 03:00 local, UTC+3 after.
    [InlineData("2026-03-27T12:00:00Z", "2026-03-28T06:00:00Z")]
    [InlineData("2026-03-28T12:00:00Z", "2026-03-29T05:00:00Z")]
    // And back on Sunday 25 October 2026 04:00 local.
    [InlineData("2026-10-24T12:00:00Z", "2026-10-25T06:00:00Z")]
    public void Hangfire_fires_a_Helsinki_cron_at_the_right_instant_across_daylight_saving_changes(string now, string expected)
    {
        var storage = new InMemoryStorage();
        var fakeNow = DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var manager = new RecurringJobManager(storage, JobFilterProviders.Providers, new DefaultTimeZoneResolver(), () => fakeNow);

        manager.AddOrUpdate("helsinki", Hangfire.Common.Job.FromExpression<WorkflowJobs>(j => j.RunScheduledAsync("it-invite")), "0 8 * * *",
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki") });
        using var connection = storage.GetConnection();
        var job = connection.GetRecurringJobs().Single();

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), job.NextExecution);
    }
}
