using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>The safety catch for scheduled runs (SPEC.md): counts the people who would get their first
/// message if the workflow ran now (the per-user pass without a writer, so the count is the one a run
/// records, by <see cref="StepMachine.FirstMessageOf"/>), holds a scheduled run whose count exceeds the
/// baseline by more than the margins, and keeps the baseline (saved when scheduling is switched on and
/// when a held run is confirmed).</summary>
internal sealed class SafetyCatch(RunOptions options, UserPass pass)
{
    /// <summary>The first messages a run now would plan: (email or push, SMS).</summary>
    public async Task<(int EmailPush, int Sms)> CountAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        var tally = new RunTally();
        await pass.RunAsync(db, plan, now, new UserRange(null, null), tally, writer: null, cancellationToken);
        return (tally.FirstEmailPush, tally.FirstSms);
    }

    /// <summary>Why a scheduled run with these counts is held (WFRUN020), or null when it may run.</summary>
    public string? Hold(WorkflowRecord record, int emailPush, int sms)
    {
        int baseEmailPush = record.BaselineEmailPush ?? 0, baseSms = record.BaselineSms ?? 0;
        if (emailPush <= baseEmailPush + options.SafetyMarginEmailPush && sms <= baseSms + options.SafetyMarginSms) return null;
        return $"WFRUN020: held by the safety catch: {emailPush} people would get their first email/push message (baseline {baseEmailPush} + {options.SafetyMarginEmailPush}) " +
               $"and {sms} their first SMS (baseline {baseSms} + {options.SafetyMarginSms}). Nothing was sent and scheduling is paused: check the target group, then confirm the run.";
    }

    /// <summary>Saves a new baseline and switches scheduling On (the caller saves the record).</summary>
    public static void SaveBaseline(WorkflowRecord record, int emailPush, int sms, DateTime now)
    {
        record.BaselineEmailPush = emailPush;
        record.BaselineSms = sms;
        record.Scheduling = SchedulingState.On;
        record.UpdatedAt = now;
    }
}
