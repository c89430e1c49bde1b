using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>The step machine on its own, table-driven. Every expected value is worked out by hand from
/// SPEC.md "Steps" / "A run" and docs/run-engine.md "Step semantics" (not read back from the code).
/// Plans are written as comma-separated step names (see <see cref="Steps"/>); days count from day 0;
/// "-" is "none".</summary>
public sealed class StepMachineTests
{
    private static readonly DateTime Day0 = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>invite / remind: a message to the user by email; sms: by SMS; both: by email and SMS;
    /// push: by push; mgr / hr: a digest to the manager / HR partner by email; waitN: a Delay of N days;
    /// repeatNxT: a DelayAndRepeat of N days, T times. The step's key is its name.</summary>
    private static List<PlanStep> Steps(string plan) => plan.Split(',').Select(Step).ToList();

    private static PlanStep Step(string name) => name switch
    {
        "invite" or "remind" => new MessageStep(name, Recipient.User, Channel.Email, "t"),
        "sms" => new MessageStep(name, Recipient.User, Channel.Sms, "t"),
        "both" => new MessageStep(name, Recipient.User, Channel.Email | Channel.Sms, "t"),
        "push" => new MessageStep(name, Recipient.User, Channel.Push, "t"),
        "mgr" => new MessageStep(name, Recipient.Manager, Channel.Email, "t"),
        "hr" => new MessageStep(name, Recipient.HrPartner, Channel.Email, "t"),
        _ when name.StartsWith("wait", StringComparison.Ordinal) => new DelayStep(name, TimeSpan.FromDays(int.Parse(name[4..]))),
        _ when name.StartsWith("repeat", StringComparison.Ordinal) => new DelayAndRepeatStep(name,
            TimeSpan.FromDays(int.Parse(name[6..name.IndexOf('x')])), int.Parse(name[(name.IndexOf('x') + 1)..])),
        _ => throw new ArgumentException(name),
    };

    private static DateTime? Day(int? day) => day is null ? null : Day0.AddDays(day.Value);

    // "index/last sent day/repeats done", "-" for never sent.
    private static StepCursor Cursor(string text)
    {
        var parts = text.Split('/');
        return new StepCursor(int.Parse(parts[0]), parts[1] == "-" ? null : Day(int.Parse(parts[1])), int.Parse(parts[2]));
    }

    // Sends as "stepkey:repeat(template step)" joined by spaces, "-" for none.
    private static string Show(IEnumerable<PlannedSend> sends)
    {
        var text = string.Join(" ", sends.Select(s => $"{s.StepKey}:{s.Repeat}({s.Message.Key})"));
        return text.Length == 0 ? "-" : text;
    }

    public static TheoryData<string, string, int, int, string, string, string> AdvanceRows => new()
    {
        // plan, cursor (index/last sent day/repeats done), first seen day, now day, had (key:repeat) => sends, cursor

        // A new user starts at step 1; a Message sends and moves on; the last-sent time becomes now.
        { "invite", "0/-/0", 0, 0, "-", "invite:0(invite)", "1/0/0" },
        // Two consecutive Message steps both send in the same run.
        { "invite,remind", "0/-/0", 0, 0, "-", "invite:0(invite) remind:0(remind)", "2/0/0" },
        // A Delay whose time is not up stops the user for this run.
        { "invite,wait7,remind", "0/-/0", 0, 0, "-", "invite:0(invite)", "1/0/0" },
        { "invite,wait7,remind", "1/0/0", 0, 6, "-", "-", "1/0/0" },
        // ... and is up when now >= last sent + duration: the same hour a week later.
        { "invite,wait7,remind", "1/0/0", 0, 7, "-", "remind:0(remind)", "3/7/0" },
        // A delay counts from the last message sent, not from when the user was first seen.
        { "invite,wait7,remind", "1/3/0", 0, 7, "-", "-", "1/3/0" },
        // Before anything was sent, a delay counts from when a run first saw the user.
        { "wait7,invite", "0/-/0", 0, 0, "-", "-", "0/-/0" },
        { "wait7,invite", "0/-/0", 2, 8, "-", "-", "0/-/0" },
        { "wait7,invite", "0/-/0", 2, 9, "-", "invite:0(invite)", "2/9/0" },
        // SPEC: Message, DelayAndRepeat(7d, 2) sends on day 0, 7 and 14 and moves on at day 21; a repeat
        // carries the DelayAndRepeat's key and the repeat number, and the previous Message's template.
        { "invite,repeat7x2", "1/0/0", 0, 7, "-", "repeat7x2:1(invite)", "1/7/1" },
        { "invite,repeat7x2", "1/7/1", 0, 13, "-", "-", "1/7/1" },
        { "invite,repeat7x2", "1/7/1", 0, 14, "-", "repeat7x2:2(invite)", "1/14/2" },
        { "invite,repeat7x2", "1/14/2", 0, 20, "-", "-", "1/14/2" },
        { "invite,repeat7x2", "1/14/2", 0, 21, "-", "-", "2/14/0" },
        // After the last repeat the user moves on, and a following Message sends in the same run.
        { "invite,repeat7x2,remind", "1/14/2", 0, 21, "-", "remind:0(remind)", "3/21/0" },
        // The previous Message is found across Delays.
        { "sms,wait3,repeat7x1", "2/3/0", 0, 10, "-", "repeat7x1:1(sms)", "2/10/1" },
        // Missed runs: a month without runs yields one repeat, not a burst (the delay restarts at now).
        { "invite,repeat7x2", "1/0/0", 0, 30, "-", "repeat7x2:1(invite)", "1/30/1" },
        { "invite,wait7,remind,wait7,push", "1/0/0", 0, 30, "-", "remind:0(remind)", "3/30/0" },
        // A digest about the user counts as a message sent for the following delay.
        { "invite,wait3,mgr,wait3,hr", "2/0/0", 0, 3, "-", "mgr:0(mgr)", "3/3/0" },
        { "invite,wait3,mgr,wait3,hr", "3/3/0", 0, 5, "-", "-", "3/3/0" },
        { "invite,wait3,mgr,wait3,hr", "3/3/0", 0, 6, "-", "hr:0(hr)", "5/6/0" },
        // A message the user already had (after a definition change) is not sent again and does not
        // restart the delay ...
        { "invite,remind,wait7,push", "0/0/0", 0, 1, "invite:0", "remind:0(remind)", "2/1/0" },
        { "invite,wait7,remind", "0/0/0", 0, 1, "invite:0", "-", "1/0/0" },
        // ... but a repeat already had still counts as the repeat and restarts the wait.
        { "invite,repeat7x2", "1/0/0", 0, 7, "repeat7x2:1", "-", "1/7/1" },
        // At the end of the steps nothing happens.
        { "invite", "1/0/0", 0, 50, "-", "-", "1/0/0" },
    };

    [Theory]
    [MemberData(nameof(AdvanceRows))]
    public void Advance(string plan, string cursor, int firstSeenDay, int nowDay, string had, string expectedSends, string expectedCursor)
    {
        var hadSet = had == "-" ? [] : had.Split(' ').Select(h => (h.Split(':')[0], int.Parse(h.Split(':')[1]))).ToHashSet();
        var sends = new List<PlannedSend>();

        var next = StepMachine.Advance(Steps(plan), Cursor(cursor), Day0.AddDays(nowDay), Day0.AddDays(firstSeenDay),
            (key, repeat) => hadSet.Contains((key, repeat)), sends);

        Assert.Equal(expectedSends, Show(sends));
        Assert.Equal(Cursor(expectedCursor), next);
    }

    public static TheoryData<string, string?, string?, int, int, int, int> LocateRows => new()
    {
        // plan now, stored step key, stored passed key, stored index, stored repeats => index, repeats

        // The current step still exists: the cursor stays on it (wherever it moved), repeats kept.
        { "invite,wait7,remind", "wait7", "invite", 1, 0, 1, 0 },
        { "invite,repeat7x2", "repeat7x2", "invite", 1, 2, 1, 2 },
        { "sms,invite,repeat7x2", "repeat7x2", "invite", 1, 1, 2, 1 },
        // The current step was removed: just after the last step passed, repeats reset.
        { "invite,remind", "wait7", "invite", 1, 0, 1, 0 },
        { "mgr,invite,remind", "repeat7x2", "invite", 1, 2, 2, 0 },
        // Neither key exists: the old index, clamped to the plan, repeats reset.
        { "invite,remind", "gone", "gone-too", 1, 1, 1, 0 },
        { "invite,remind", "gone", "gone-too", 5, 0, 2, 0 },
        // A finished user (no current key) meets steps appended after their last step: they run.
        { "invite,remind,push", null, "remind", 2, 0, 2, 0 },
        // A step inserted before the cursor is not run: the cursor stays on its step.
        { "invite,sms,wait7,remind", "wait7", "invite", 1, 0, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(LocateRows))]
    public void Locate(string plan, string? stepKey, string? passedKey, int storedIndex, int storedRepeats, int expectedIndex, int expectedRepeats)
    {
        var cursor = StepMachine.Locate(Steps(plan), stepKey, passedKey, storedIndex, storedRepeats, Day0);

        Assert.Equal(new StepCursor(expectedIndex, Day0, expectedRepeats), cursor);
    }

    public static TheoryData<string, int, int?, int, int, bool, bool, bool> FirstMessageRows => new()
    {
        // plan, at index, last sent day, first seen day, now day, had a message before => counted email+push, counted SMS

        // Message first: a new user's invitation is their first message.
        { "invite", 0, null, 0, 0, false, true, false },
        { "sms", 0, null, 0, 0, false, false, true },
        { "push", 0, null, 0, 0, false, true, false },
        // Email and SMS in one message: counted in both.
        { "both", 0, null, 0, 0, false, true, true },
        // Delay first: nothing while the delay runs; counted when the delay is up, as a Message first would be.
        { "wait7,invite", 0, null, 0, 0, false, false, false },
        { "wait7,invite", 0, null, 0, 7, false, true, false },
        // Two Messages in one run: only the first is the first message (the email, not the SMS).
        { "invite,sms", 0, null, 0, 0, false, true, false },
        { "sms,invite", 0, null, 0, 0, false, false, true },
        // A digest to the manager is not a message to the person: the first message to the user counts.
        { "mgr,sms", 0, null, 0, 0, false, false, true },
        { "mgr", 0, null, 0, 0, false, false, false },
        // DelayAndRepeat after the first Message: the repeats are not first messages.
        { "invite,repeat7x2", 1, 0, 0, 7, true, false, false },
        // The first Message reached later: not counted when the user is new, counted when reached.
        { "mgr,wait3,sms", 0, null, 0, 0, false, false, false },
        { "mgr,wait3,sms", 1, 0, 0, 3, false, false, true },
        // A user who had a message from the workflow before is never counted again.
        { "invite,wait7,sms", 1, 0, 0, 7, true, false, false },
    };

    [Theory]
    [MemberData(nameof(FirstMessageRows))]
    public void First_message(string plan, int index, int? lastSentDay, int firstSeenDay, int nowDay, bool hadBefore, bool emailPush, bool sms)
    {
        var sends = new List<PlannedSend>();
        StepMachine.Advance(Steps(plan), new StepCursor(index, Day(lastSentDay), 0), Day0.AddDays(nowDay), Day0.AddDays(firstSeenDay), (_, _) => false, sends);

        var first = StepMachine.FirstMessageOf(sends, hadBefore);

        Assert.Equal(new FirstMessage(emailPush, sms), first);
    }
}
