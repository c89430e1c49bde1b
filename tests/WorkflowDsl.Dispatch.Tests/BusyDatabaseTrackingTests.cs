using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Dispatch.Tracking;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>Issue 13 item 4: the unsubscribe and tracking endpoints when another connection holds the SQLite
/// write lock. The tracking host here writes through its own connections with a 1 s busy timeout (the
/// embedded default waits 30 s), so "still busy" is reached in a few seconds; the lock is a real
/// <c>BEGIN IMMEDIATE</c> transaction of a second connection on the same file.</summary>
public sealed class BusyDatabaseTrackingTests
{
    private sealed record Setup(DispatchWorld World, LocalWebHost Host, long MessageId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await World.DisposeAsync();
        }

        /// <summary>The address of a tracking link of u2's invitation, on this test's host.</summary>
        public string OnHost(string link) => new Uri(Host.Address, new Uri(link).PathAndQuery).ToString();
    }

    private static async Task<Setup> StartAsync()
    {
        var world = await DispatchWorld.CreateAsync(users: 3);
        await world.RunAsync(DispatchWorld.Plan());
        long messageId;
        await using (var db = world.Database.CreateContext())
            messageId = await db.Outbox.Where(m => m.RecipientId == "u2").Select(m => m.Id).SingleAsync();
        var shortWait = new DispatchDatabase(WorkflowDatabase.Sqlite(world.Path, busyTimeout: TimeSpan.FromSeconds(1)));
        var host = await LocalWebHost.StartAsync(
            services => services.AddSingleton(world.Links).AddSingleton<ITrackingSink>(new EfTrackingSink(shortWait)).AddSingleton<TimeProvider>(world.Clock),
            app => app.MapWorkflowTracking());
        return new Setup(world, host, messageId);
    }

    /// <summary>A second connection holding the database's write lock until disposed.</summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    private static async Task<(int Unsubscribes, int OptOuts, int Opens)> StoredAsync(DispatchWorld world)
    {
        await using var db = world.Database.CreateContext();
        return (await db.Tracking.CountAsync(t => t.Kind == TrackingKind.Unsubscribe && t.UserId == "u2"),
            await db.OptOuts.CountAsync(o => o.UserId == "u2"),
            await db.Tracking.CountAsync(t => t.Kind == TrackingKind.Open));
    }

    [Fact]
    public async Task An_unsubscribe_while_the_database_stays_busy_answers_503_with_a_page_that_says_so_records_nothing_and_works_when_pressed_again()
    {
        await using var s = await StartAsync();
        string unsubscribe = s.OnHost(s.World.Links.UnsubscribeUrl(s.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), "u2"));
        string pixel = s.OnHost(s.World.Links.OpenPixelUrl(s.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), "u2"));

        HttpResponseMessage busy, open;
        await using (await HoldWriteLockAsync(s.World.Path))
        {
            busy = await s.World.Http.PostAsync(unsubscribe, OneClick());
            open = await s.World.Http.GetAsync(pixel);
        } // the blocking transaction is rolled back here

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), busy.Headers.RetryAfter?.Delta);
        string page = await busy.Content.ReadAsStringAsync();
        Assert.Contains("We could not record your unsubscribe just now because the service is busy. Nothing was changed.", page);
        Assert.Contains("<form method=\"post\">", page); // the button to press again
        // The reader's image is still served; the open is simply not recorded.
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("image/gif", open.Content.Headers.ContentType?.MediaType);
        Assert.Equal((0, 0, 0), await StoredAsync(s.World));

        using var again = await s.World.Http.PostAsync(unsubscribe, OneClick());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((1, 1, 0), await StoredAsync(s.World));
    }

    [Fact]
    public async Task An_unsubscribe_while_the_database_is_busy_for_a_moment_is_retried_and_recorded_once()
    {
        await using var s = await StartAsync();
        string unsubscribe = s.OnHost(s.World.Links.UnsubscribeUrl(s.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), "u2"));
        var blocker = await HoldWriteLockAsync(s.World.Path);

        // The first attempt waits out its 1 s busy timeout and fails; the lock goes at 1.5 s, well before the
        // last attempt gives up (1 s + 0.25 s + 1 s + 1 s + 1 s after the request arrives).
        var post = s.World.Http.PostAsync(unsubscribe, OneClick());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await blocker.DisposeAsync();
        using var response = await post;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 0), await StoredAsync(s.World));
    }
}
