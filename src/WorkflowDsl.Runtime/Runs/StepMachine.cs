using WorkflowDsl.Plan;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Where a user is in a workflow's steps.</summary>
/// <param name="Index">Index of the step the user is at; equal to the step count when finished.</param>
/// <param name="LastSentAt">When the workflow last sent a message to or about the user (UTC), or null.</param>
/// <param name="RepeatsDone">Repeats already sent by the DelayAndRepeat step at <paramref name="Index"/>.</param>
public readonly record struct StepCursor(int Index, DateTime? LastSentAt, int RepeatsDone);

/// <summary>A message the machine decided to send.</summary>
/// <param name="Message">The Message step whose template, recipient and channels are used.</param>
/// <param name="StepKey">The key of the step that sends it: the Message step, or the DelayAndRepeat step for a repeat.</param>
/// <param name="Repeat">0 for the message itself, 1..n for repeats.</param>
public readonly record struct PlannedSend(MessageStep Message, string StepKey, int Repeat);

/// <summary>Which of the safety catch's counts a person's first message falls in (SPEC.md "The safety
/// catch": counted separately for email+push and for SMS).</summary>
/// <param name="EmailPush">The first message goes out by email or push.</param>
/// <param name="Sms">The first message goes out by SMS.</param>
public readonly record struct FirstMessage(bool EmailPush, bool Sms)
{
    /// <summary>No first message: counted nowhere.</summary>
    public static FirstMessage None => default;

    /// <summary>True when the message is counted in either count.</summary>
    public bool Any => EmailPush || Sms;
}

/// <summary>A message (or digest entry) the workflow planned to or about a user in an earlier run, as the
/// outbox recorded it: the key and repeat it was planned under and what it was (recipient kind, template,
/// the channels its step asked for).</summary>
/// <param name="StepKey">The step key it was planned under.</param>
/// <param name="Repeat">0, or 1..n for a repeat.</param>
/// <param name="Recipient">User, Manager or HrPartner.</param>
/// <param name="TemplateId">The template.</param>
/// <param name="Channels">Every channel its step asked for (reachable and skipped).</param>
public readonly record struct HadMessage(string StepKey, int Repeat, Recipient Recipient, string TemplateId, Channel Channels);

/// <summary>"Already had it" (docs/product-rules.md R-RUN-6) for one plan: decides, from a user's recorded
/// history, which (step key, repeat) of the plan the user already had, so a changed definition never sends
/// a person a message for a step they already had. A (key, repeat) is had when:
/// <list type="number">
/// <item>the user had a message under that very key and repeat (explicit keys, unchanged definitions, and a
/// step that took over a removed step's derived key); or</item>
/// <item>the user had a message with the same content (recipient kind, template, channels, repeat number)
/// under a key that no longer names a step sending that content: the step was renamed by a change of
/// derived keys (two steps of one kind swapped, one inserted before another of its kind, a WaitAndRepeat's
/// duration or times changed). Each such recorded message covers one step, the first in plan order not had
/// by its key.</item>
/// </list>
/// What history cannot tell apart is two steps with the same content whose derived keys changed places: the
/// compiler reports such a definition (WFDSL023) and its code fix writes explicit keys.</summary>
public sealed class HistoryGuard
{
    private readonly List<(string Key, int Repeat, Recipient Recipient, string TemplateId, Channel Channels)> _sendings = [];
    private readonly HashSet<(string Key, int Repeat, Recipient Recipient, string TemplateId, Channel Channels)> _planned = [];

    /// <summary>Lists what each step of <paramref name="steps"/> sends: a Message step its message at repeat
    /// 0, a DelayAndRepeat step the previous Message at repeats 1..n.</summary>
    /// <param name="steps">The plan's steps.</param>
    public HistoryGuard(IReadOnlyList<PlanStep> steps)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] is MessageStep m) _sendings.Add((m.Key, 0, m.Recipient, m.TemplateId, m.Channels));
            else if (steps[i] is DelayAndRepeatStep r && StepMachine.PreviousMessageOf(steps, i) is { } previous)
                for (int n = 1; n <= r.Times; n++) _sendings.Add((r.Key, n, previous.Recipient, previous.TemplateId, previous.Channels));
        }
        foreach (var sending in _sendings) _planned.Add(sending);
    }

    /// <summary>The "already had" test for a user with the recorded <paramref name="history"/>.</summary>
    /// <param name="history">Every message planned to or about the user by this workflow.</param>
    public Func<string, int, bool> For(IReadOnlyCollection<HadMessage> history)
    {
        if (history.Count == 0) return static (_, _) => false;
        var byKey = new HashSet<(string, int)>();
        Dictionary<(int, Recipient, string, Channel), int>? orphans = null;
        foreach (var h in history)
        {
            byKey.Add((h.StepKey, h.Repeat));
            // Recorded under a key that no longer sends this content: the step it was is now elsewhere or gone.
            if (_planned.Contains((h.StepKey, h.Repeat, h.Recipient, h.TemplateId, h.Channels))) continue;
            orphans ??= [];
            var content = (h.Repeat, h.Recipient, h.TemplateId, h.Channels);
            orphans[content] = orphans.GetValueOrDefault(content) + 1;
        }
        if (orphans is null) return (key, repeat) => byKey.Contains((key, repeat));
        var covered = new HashSet<(string, int)>();
        foreach (var s in _sendings)
        {
            if (byKey.Contains((s.Key, s.Repeat))) continue;
            var content = (s.Repeat, s.Recipient, s.TemplateId, s.Channels);
            if (orphans.GetValueOrDefault(content) == 0) continue;
            orphans[content]--;
            covered.Add((s.Key, s.Repeat));
        }
        return (key, repeat) => byKey.Contains((key, repeat)) || covered.Contains((key, repeat));
    }
}

/// <summary>The one place that knows the step semantics of SPEC.md "A run": a Message step sends
/// and moves on; a Delay whose time (counted from the last message sent) is not up stops the user for
/// this run; a DelayAndRepeat, when its time is up, sends the previous Message again until it has done
/// so <c>Times</c> times, and when the time is up once more moves on. The cursor advances as far as
/// time allows in one call.</summary>
public static class StepMachine
{
    /// <summary>Advances a user's cursor as far as <paramref name="now"/> allows.</summary>
    /// <param name="steps">The plan's steps.</param>
    /// <param name="cursor">Where the user is.</param>
    /// <param name="now">The run's time (UTC).</param>
    /// <param name="firstSeenAt">When a run first saw the user; delays count from here if nothing was sent yet.</param>
    /// <param name="alreadySent">True for a (step key, repeat) the user already had (<see cref="HistoryGuard"/>:
    /// by its key, or by its content after a definition change); such a message is not sent again and does
    /// not restart the delay.</param>
    /// <param name="sends">Receives the messages to send, in order.</param>
    /// <returns>The new cursor.</returns>
    public static StepCursor Advance(IReadOnlyList<PlanStep> steps, StepCursor cursor, DateTime now, DateTime firstSeenAt,
        Func<string, int, bool> alreadySent, List<PlannedSend> sends)
    {
        int index = cursor.Index;
        DateTime? lastSent = cursor.LastSentAt;
        int repeats = cursor.RepeatsDone;
        while (index < steps.Count)
        {
            switch (steps[index])
            {
                case MessageStep message:
                    if (!alreadySent(message.Key, 0))
                    {
                        sends.Add(new PlannedSend(message, message.Key, 0));
                        lastSent = now;
                    }
                    index++;
                    repeats = 0;
                    break;

                case DelayStep delay:
                    if (now < (lastSent ?? firstSeenAt) + delay.Duration) return new StepCursor(index, lastSent, repeats);
                    index++;
                    repeats = 0;
                    break;

                case DelayAndRepeatStep repeat:
                    if (now < (lastSent ?? firstSeenAt) + repeat.Duration) return new StepCursor(index, lastSent, repeats);
                    var previous = PreviousMessage(steps, index);
                    if (repeats < repeat.Times && previous is not null)
                    {
                        repeats++;
                        if (!alreadySent(repeat.Key, repeats)) sends.Add(new PlannedSend(previous, repeat.Key, repeats));
                        // The next repeat (or moving on) counts from this one, even if it was had before.
                        lastSent = now;
                    }
                    else
                    {
                        index++;
                        repeats = 0;
                    }
                    break;

                default:
                    throw new InvalidOperationException($"Unknown step kind {steps[index].GetType().Name} at key '{steps[index].Key}'.");
            }
        }
        return new StepCursor(index, lastSent, repeats);
    }

    /// <summary>The rule of "first message" (the safety catch's count): the first message the person would
    /// ever get from this workflow, in this run. It is the first of <paramref name="sends"/> (one
    /// <see cref="Advance"/> of the user in this run, in order) addressed to the user, provided the user
    /// never had a message addressed to them from this workflow before
    /// (<paramref name="hadMessageBefore"/>). Whatever comes before it in the workflow (a Delay, a message
    /// to the manager) does not matter; digests to a manager or HR partner are messages about the user,
    /// not to them, and are not counted. It falls in the email+push count when its step asks for email or
    /// push, and in the SMS count when it asks for SMS (both for Email|Sms); contact data is not
    /// considered (the catch is about the size of the audience).</summary>
    /// <param name="sends">The messages <see cref="Advance"/> planned for the user in this run.</param>
    /// <param name="hadMessageBefore">True when the workflow ever planned a message to the user before this
    /// run (an outbox row addressed to them).</param>
    public static FirstMessage FirstMessageOf(IReadOnlyList<PlannedSend> sends, bool hadMessageBefore)
    {
        if (hadMessageBefore) return FirstMessage.None;
        foreach (var send in sends)
        {
            if (send.Message.Recipient != Recipient.User) continue;
            var channels = send.Message.Channels;
            return new FirstMessage((channels & (Channel.Email | Channel.Push)) != 0, channels.HasFlag(Channel.Sms));
        }
        return FirstMessage.None;
    }

    /// <summary>Finds where a stored cursor is in a (possibly changed) plan: at its step's key if that
    /// step still exists; else just after the last step it passed; else at its old index.</summary>
    /// <param name="steps">The plan's steps now.</param>
    /// <param name="stepKey">The stored current step key, or null when finished.</param>
    /// <param name="passedStepKey">The stored key of the last step passed, or null.</param>
    /// <param name="stepIndex">The stored index.</param>
    /// <param name="repeatsDone">The stored repeat count.</param>
    /// <param name="lastSentAt">The stored last-sent time.</param>
    public static StepCursor Locate(IReadOnlyList<PlanStep> steps, string? stepKey, string? passedStepKey, int stepIndex, int repeatsDone, DateTime? lastSentAt)
    {
        if (stepKey is not null)
        {
            int at = IndexOf(steps, stepKey);
            if (at >= 0) return new StepCursor(at, lastSentAt, repeatsDone);
        }
        if (passedStepKey is not null)
        {
            int passed = IndexOf(steps, passedStepKey);
            if (passed >= 0) return new StepCursor(passed + 1, lastSentAt, 0);
        }
        return new StepCursor(Math.Clamp(stepIndex, 0, steps.Count), lastSentAt, 0);
    }

    private static int IndexOf(IReadOnlyList<PlanStep> steps, string key)
    {
        for (int i = 0; i < steps.Count; i++) if (steps[i].Key == key) return i;
        return -1;
    }

    internal static MessageStep? PreviousMessageOf(IReadOnlyList<PlanStep> steps, int index) => PreviousMessage(steps, index);

    private static MessageStep? PreviousMessage(IReadOnlyList<PlanStep> steps, int index)
    {
        for (int i = index - 1; i >= 0; i--) if (steps[i] is MessageStep m) return m;
        return null;
    }
}
