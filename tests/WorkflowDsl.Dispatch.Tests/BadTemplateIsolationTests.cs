using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>Issue 12 item 7: one bad template never stops other messages. Through the real dispatcher and a real
/// SMTP server on 127.0.0.1.
/// How a bad template reaches dispatch in practice: a run validates the templates of the deployment it runs in and
/// plans messages into the outbox; the outbox is rendered later by the dispatcher with the templates of the
/// deployment that is running then. A new deployment that replaces a template (OverrideTemplate, AddTemplates, a
/// template file edited) renders messages planned by the previous one without any run validating them. Here the run
/// engine has the good texts and the dispatcher the replaced ones.</summary>
public sealed class BadTemplateIsolationTests
{
    private static MessageTemplate Email(string id, string body) =>
        Template.Language("en", c => c.Email("Subject " + id, body)).Language("fi", c => c.Email("Aihe " + id, body)).Build(id);

    private static WorkflowPlan Plan(string id) =>
        Workflow.Named(id).ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email, template: id).Build(id);

    [Fact]
    public async Task A_template_that_loops_a_million_times_includes_a_file_or_recurses_fails_only_its_own_messages_and_every_other_message_is_delivered_in_the_same_pass()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 4);
        await using var smtp = new TestSmtpServer();
        string[] ids = ["good-a", "bad-loop", "good-b", "bad-include", "bad-recurse"];
        var plans = ids.Select(Plan).ToList();
        // Deployment 1: every template is fine, and the runs validate and plan with these.
        var engine = new RunEngine(world.Workflows, world.Clock, new RunOptions
        {
            Templates = BuiltInTemplates.All.Concat(ids.Select(id => Email(id, "<p>Hello {{ user.first_name }} from " + id + "</p>"))).ToDictionary(t => t.Id),
        });
        foreach (var plan in plans) Assert.Equal(RunOutcome.Completed, (await engine.RunNowAsync(plan, "test")).Outcome);
        // Deployment 2 renders the outbox: three templates were replaced by bad ones.
        var deployed = new[]
        {
            Email("good-a", "<p>Hello {{ user.first_name }} from good-a</p>"),
            Email("good-b", "<p>Hi {{ user.first_name }}, good-b says {{ content.title }}</p>"),
            Email("bad-loop", "{% for i in (1..1000000) %}{% endfor %}done"),
            Email("bad-include", "<p>Hi</p>{% include 'footer' %}"),
            // Blocks 1,000 deep: the Liquid parser recurses once per block and would exhaust the stack.
            Email("bad-recurse", string.Concat(Enumerable.Repeat("{% if true %}", 1000)) + "x" + string.Concat(Enumerable.Repeat("{% endif %}", 1000))),
        };
        await using var email = world.Smtp(smtp);
        var dispatcher = new OutboxDispatcher(world.Database, new WorkflowCatalog(plans, BuiltInTemplates.All.Concat(deployed)), [email],
            new TemplateRenderer(new RenderingOptions()), new DispatcherOptions { BatchSize = 4 }, world.Links, world.Clock);

        var report = await dispatcher.DispatchAsync();

        // 5 workflows x 4 users = 20 messages: the 8 of good-a and good-b delivered, the 12 others failed for good.
        Assert.Equal(8, report.For(Channel.Email).Sent);
        Assert.Equal(12, report.For(Channel.Email).Failed);
        var received = smtp.Messages.Select(m => (To: Assert.Single(m.EnvelopeTo), Subject: m.Message.Subject!)).OrderBy(m => m.Subject).ThenBy(m => m.To).ToList();
        Assert.Equal(new (string, string)[]
        {
            ("u1@example.com", "Subject good-a"), ("u3@example.com", "Subject good-a"), ("u2@example.com", "Aihe good-a"), ("u4@example.com", "Aihe good-a"),
            ("u1@example.com", "Subject good-b"), ("u3@example.com", "Subject good-b"), ("u2@example.com", "Aihe good-b"), ("u4@example.com", "Aihe good-b"),
        }.OrderBy(m => m.Item2).ThenBy(m => m.Item1).ToList(), received);

        var outbox = (await world.OutboxAsync()).ToDictionary(m => m.Id);
        var results = (await world.ResultsAsync()).Select(r => (Workflow: outbox[r.OutboxMessageId].WorkflowId, r.Status, r.Reason)).ToList();
        Assert.All(results.Where(r => r.Workflow.StartsWith("good-")), r => Assert.Equal(DeliveryStatus.Delivered, r.Status));
        const string LoopReason = " email body): the render took more than 100000 steps (Rendering:MaxSteps): a loop runs too long; loop over a list such as users or contents instead of a large range.";
        Assert.Equal(4, results.Count(r => r.Workflow == "bad-loop" && r.Status == DeliveryStatus.Failed
            && (r.Reason == "template: WFDLV006: template 'bad-loop' (en," + LoopReason || r.Reason == "template: WFDLV006: template 'bad-loop' (fi," + LoopReason)));
        Assert.Equal(4, results.Count(r => r.Workflow == "bad-include" && r.Status == DeliveryStatus.Failed
            && r.Reason!.StartsWith("template: WFDLV005: template 'bad-include' (", StringComparison.Ordinal)
            && r.Reason.EndsWith(", email body): line 1:10: '{% include %}' reads another template file, which message templates may not do: write the text into this template instead.", StringComparison.Ordinal)));
        // The 33rd block is the first over the default depth 32: it opens at offset 32 x 13 = 416 -> 1:417.
        Assert.Equal(4, results.Count(r => r.Workflow == "bad-recurse" && r.Status == DeliveryStatus.Failed
            && r.Reason!.EndsWith(", email body): line 1:417: Blocks are nested 33 deep here, more than the 32 allowed: flatten the template.", StringComparison.Ordinal)
            && r.Reason.StartsWith("template: WFDLV006: template 'bad-recurse' (", StringComparison.Ordinal)));

        // Failed for good: a second pass neither retries them nor sends anything again.
        var again = await dispatcher.DispatchAsync();
        Assert.Equal(0, again.Sent);
        Assert.Equal(8, smtp.Messages.Count);
    }

    [Fact]
    public void A_render_longer_than_the_output_limit_or_the_time_limit_fails_that_message_with_the_reason()
    {
        var model = new TemplateModel(new PersonModel("Ulla", "User", "u1@example.com", "en"), new WorkflowModel("w", "W"),
            [new ContentModel("C1", "Fire safety", "https://learn.example.com/c/C1")]) { User = new PersonModel("Ulla", "User", "u1@example.com", "en") };
        var big = Email("big", "{% for c in (1..100) %}0123456789{% endfor %}");   // 1,000 characters
        // Each reading of the clock is one second later, so any limit under a second is certainly exceeded at the first check.
        var slow = new TemplateRenderer(new RenderingOptions { TimeLimit = TimeSpan.FromMilliseconds(500) }, new SteppingClock());

        var size = Assert.Throws<TemplateRenderException>(() => new TemplateRenderer(new RenderingOptions { MaxOutputChars = 999 }).RenderEmail(big, model));
        var time = Assert.Throws<TemplateRenderException>(() => slow.RenderEmail(big, model));

        Assert.Equal("WFDLV006: template 'big' (en, email body): the text would be longer than 999 characters (Rendering:MaxOutputChars): shorten it, or limit the loop that writes it.", size.Problem.ToString());
        Assert.Equal("WFDLV006: template 'big' (en, email subject): the render took longer than 00:00:00.5000000 (Rendering:TimeLimit): simplify the template.", time.Problem.ToString());
        Assert.Equal(1000, new TemplateRenderer(new RenderingOptions { MaxOutputChars = 1000 }).RenderEmail(big, model).HtmlBody.Length);
    }

    [Fact]
    public void Rendering_limits_out_of_range_are_refused_naming_the_setting()
    {
        var options = new RenderingOptions { MaxSteps = 0, MaxRecursion = 101, MaxOutputChars = -1, TimeLimit = TimeSpan.Zero };

        Assert.Equal(
        [
            "WorkflowDsl:Delivery:Rendering:MaxSteps is 0: give the most Liquid steps one text may take, at least 1 (default 100000).",
            "WorkflowDsl:Delivery:Rendering:MaxRecursion is 101: give the deepest nesting of blocks, 1 to 100 (default 32).",
            "WorkflowDsl:Delivery:Rendering:MaxOutputChars is -1: give the most characters one text may render to, at least 1 (default 262144).",
            "WorkflowDsl:Delivery:Rendering:TimeLimit is 00:00:00: give the longest time one message may take to render, more than 0 and at most 00:01:00 (default 00:00:02).",
        ], options.Validate().ToList());
        Assert.Throws<ArgumentException>(() => new TemplateRenderer(options));
    }

    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond);
    }
}
