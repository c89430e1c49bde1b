using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;
using Sent = WorkflowDsl.Delivery.Sending.DeliveryResult;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>The delivery decision on its own, table-driven. Expected values are worked out by hand from
/// docs/delivery-guarantees.md and docs/delivery.md (claim timeout 10 min, retry delay 1 min, 5 transient
/// attempts unless a row says otherwise), not read back from the code.</summary>
public sealed class DeliveryDecisionTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    // One attempt as "State@minutes-ago", with "+N" for a retry-not-before N minutes from now (may be
    // negative) for FailedTransient, e.g. "FailedTransient@30+5". Attempts are numbered 1, 2, ...
    private static List<DispatchAttempt> History(string text) => text == "-" ? [] : text.Split(' ').Select((a, i) =>
    {
        var (state, rest) = (a[..a.IndexOf('@')], a[(a.IndexOf('@') + 1)..]);
        int plus = rest.IndexOfAny(['+', '~']);
        int ago = int.Parse(plus < 0 ? rest : rest[..plus]);
        DateTime? notBefore = plus < 0 ? null : Now.AddMinutes((rest[plus] == '~' ? -1 : 1) * int.Parse(rest[(plus + 1)..]));
        return new DispatchAttempt
        {
            OutboxMessageId = 7, Channel = Channel.Email, AttemptNumber = i + 1, State = Enum.Parse<AttemptState>(state),
            ClaimedAt = Now.AddMinutes(-ago), RetryNotBefore = notBefore, ProviderId = state == "Sent" ? "p-1" : null,
            Reason = state == "Sent" ? "" : "earlier " + state,
        };
    }).ToList();

    public static TheoryData<string, string, string> BeforeSendRows => new()
    {
        // attempts so far, opt-outs ("all", "email", "-") => next ("Send n/transient-before/abandoned?", "Wait reason +minutes until it may be sent", "Final Status: reason")

        // Never tried: attempt 1.
        { "-", "-", "Send 1/0/-" },
        // A claim younger than the claim timeout belongs to another dispatcher: wait.
        { "InFlight@9", "-", "Wait Claimed +1" },
        // ... older than the timeout: abandoned; the next attempt takes it over (at-least-once).
        { "InFlight@10", "-", "Send 2/0/abandoned" },
        { "InFlight@60", "-", "Send 2/0/abandoned" },
        // A transient failure waits for its not-before time, then is tried again; transient failures count.
        { "FailedTransient@3+2", "-", "Wait RetryLater +2" },
        { "FailedTransient@3~0", "-", "Send 2/1/-" },
        { "FailedTransient@30~20 FailedTransient@3~1", "-", "Send 3/2/-" },
        { "FailedTransient@30~20 OutcomeUnknown@20 FailedTransient@3~1", "-", "Send 4/2/-" },
        // An attempt recorded as final gives its result again (a result row removed by hand).
        { "Sent@5", "-", "Final Delivered: sent: p-1" },
        { "FailedTransient@30~20 FailedPermanent@5", "-", "Final Failed: earlier FailedPermanent" },
        { "Skipped@5", "-", "Final Skipped: earlier Skipped" },
        // A final attempt wins over an opt-out made since.
        { "Sent@5", "all", "Final Delivered: sent: p-1" },
        // Unsubscribed (every channel) or opted out of the channel: skipped without a provider call.
        { "-", "all", "Final Skipped: unsubscribed: user 'u1' used the unsubscribe link on 2026-03-01; they get no messages from any workflow" },
        { "-", "email", "Final Skipped: opted out of Email (provider: 21610, 2026-03-01)" },
        { "FailedTransient@3~1", "email", "Final Skipped: opted out of Email (provider: 21610, 2026-03-01)" },
        // A live claim is left alone even for an opted-out recipient (its dispatcher records it).
        { "InFlight@1", "all", "Wait Claimed +9" },
    };

    [Theory]
    [MemberData(nameof(BeforeSendRows))]
    public void Before_send(string attempts, string optOut, string expected)
    {
        var yesterday = Now.AddDays(-1);
        OptOut? all = optOut == "all" ? new OptOut { UserId = "u1", Channel = Channel.None, Source = "unsubscribe link", At = yesterday } : null;
        OptOut? email = optOut == "email" ? new OptOut { UserId = "u1", Channel = Channel.Email, Source = "provider: 21610", At = yesterday } : null;
        var history = History(attempts);

        var next = DeliveryDecision.BeforeSend(history, all, email, Channel.Email, "u1", Now, ClaimTimeout);

        string shown = next switch
        {
            NextDelivery.Send s => $"Send {s.AttemptNumber}/{s.TransientBefore}/{(s.Abandoned is null ? "-" : "abandoned")}",
            NextDelivery.Final f => $"Final {f.Status}: {f.Reason}",
            NextDelivery.Wait w => $"Wait {w.Reason} +{(w.Until - Now).TotalMinutes}",
            _ => "?",
        };
        Assert.Equal(expected, shown);
        if (next is NextDelivery.Send { Abandoned: { } abandoned }) Assert.Same(history[^1], abandoned);
    }

    public static TheoryData<string, int, int, string> AfterSendRows => new()
    {
        // provider's answer, transient failures before, max transient attempts
        //   => "attempt state | attempt reason | retry not before (minutes from now) | final status: reason | opt-out"

        { "Sent", 0, 5, "Sent |  | - | Delivered: sent: smtp-42 | -" },
        { "SentRefused", 0, 5, "Sent | refused: b@x: 550 no such user | - | Delivered: sent: smtp-42 | -" },
        // Transient: tried again after the retry delay (1 min) or the provider's Retry-After when longer ...
        { "Transient", 0, 5, "FailedTransient | 421 busy | 1 | - | -" },
        { "Transient30s", 0, 5, "FailedTransient | 421 busy | 1 | - | -" },
        { "Transient5m", 0, 5, "FailedTransient | 421 busy | 5 | - | -" },
        { "Transient", 3, 5, "FailedTransient | 421 busy | 1 | - | -" },
        // ... until the 5th transient failure, which is final.
        { "Transient", 4, 5, "FailedTransient | 421 busy | 1 | Failed: failed-transient 5 times (the limit): 421 busy | -" },
        { "Transient", 0, 1, "FailedTransient | 421 busy | 1 | Failed: failed-transient 1 times (the limit): 421 busy | -" },
        // Every other answer is final.
        { "Permanent", 0, 5, "FailedPermanent | 554 rejected | - | Failed: 554 rejected | -" },
        { "Invalid", 0, 5, "FailedPermanent | 21211 bad number | - | Failed: invalid address: 21211 bad number | -" },
        { "Unregistered", 0, 5, "FailedPermanent | UNREGISTERED | - | Failed: device token unregistered (deleted): UNREGISTERED | -" },
        { "Skipped", 0, 5, "Skipped | no address | - | Skipped: no address | -" },
        { "OptedOut", 2, 5, "Skipped | 21610 STOP | - | Skipped: opted out of Email at the provider: 21610 STOP | opt-out" },
    };

    private static Sent Answer(string name) => name switch
    {
        "Sent" => new Sent.Sent("smtp-42"),
        "SentRefused" => new Sent.Sent("smtp-42") { RefusedRecipients = ["b@x: 550 no such user"] },
        "Transient" => new Sent.FailedTransient("421 busy"),
        "Transient30s" => new Sent.FailedTransient("421 busy", TimeSpan.FromSeconds(30)),
        "Transient5m" => new Sent.FailedTransient("421 busy", TimeSpan.FromMinutes(5)),
        "Permanent" => new Sent.FailedPermanent("554 rejected"),
        "Invalid" => new Sent.InvalidAddress("21211 bad number"),
        "Unregistered" => new Sent.TokenUnregistered("UNREGISTERED"),
        "Skipped" => new Sent.Skipped("no address"),
        "OptedOut" => new Sent.OptedOut("21610 STOP"),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(AfterSendRows))]
    public void After_send(string answer, int transientBefore, int maxTransient, string expected)
    {
        var outcome = DeliveryDecision.AfterSend(Answer(answer), Channel.Email, transientBefore, Now, TimeSpan.FromMinutes(1), maxTransient);

        string retry = outcome.RetryNotBefore is { } at ? ((at - Now).TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        string final = outcome.FinalStatus is { } status ? $"{status}: {outcome.FinalReason}" : "-";
        Assert.Equal(expected, $"{outcome.State} | {outcome.AttemptReason} | {retry} | {final} | {(outcome.OptOut ? "opt-out" : "-")}");
        Assert.Equal(answer is "Sent" or "SentRefused" ? "smtp-42" : null, outcome.ProviderId);
    }

    public static TheoryData<string, string> CombineRows => new()
    {
        // answers of one push message's devices => the message's answer

        { "Sent:a", "Sent:a" },
        { "Transient", "Transient" },
        // Delivered when one device got it (the provider ids joined).
        { "Unregistered Sent:a Transient Sent:b", "Sent:a b" },
        // Else the first transient failure: the message is tried again.
        { "Unregistered Permanent Transient", "Transient" },
        // Every token unregistered.
        { "Unregistered Unregistered", "Unregistered:all 2 device tokens are unregistered" },
        // Else the first answer that is not an unregistered token.
        { "Unregistered Permanent Invalid", "Permanent" },
    };

    [Theory]
    [MemberData(nameof(CombineRows))]
    public void Combining_the_answers_of_several_devices(string answers, string expected)
    {
        var results = answers.Split(' ').Select(a => a.StartsWith("Sent:", StringComparison.Ordinal) ? new Sent.Sent(a[5..]) : Answer(a)).ToList();

        var combined = DeliveryDecision.Combine(results);

        string shown = combined switch
        {
            Sent.Sent s => "Sent:" + s.ProviderId,
            Sent.FailedTransient => "Transient",
            Sent.TokenUnregistered u when u.Reason.StartsWith("all", StringComparison.Ordinal) => "Unregistered:" + u.Reason,
            Sent.TokenUnregistered => "Unregistered",
            Sent.FailedPermanent => "Permanent",
            Sent.InvalidAddress => "Invalid",
            _ => combined.GetType().Name,
        };
        Assert.Equal(expected, shown);
    }
}
