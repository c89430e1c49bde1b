using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Counts and warnings gathered while a run (or one chunk of it) plans messages.</summary>
internal sealed class RunTally
{
    public int Targets;
    public int NewUsers;
    public int CompletedUsers;
    public int UserMessages;
    /// <summary>Users this run plans at least one message to (counted by the pass, with or without a writer).</summary>
    public int MessagedUsers;
    public int DigestMessages;
    /// <summary>People whose first message from the workflow goes out by email or push in this run (<see cref="StepMachine.FirstMessageOf"/>).</summary>
    public int FirstEmailPush;
    /// <summary>People whose first message from the workflow goes out by SMS in this run.</summary>
    public int FirstSms;
    /// <summary>The channels at least one new message to a user skipped (no contact data).</summary>
    public Channel SkippedUserChannels;
    public readonly Dictionary<(string Code, string StepKey, Channel Channel), (int Count, List<string> Sample, string Message)> Issues = [];

    public void Count(FirstMessage first)
    {
        if (first.EmailPush) FirstEmailPush++;
        if (first.Sms) FirstSms++;
    }

    public void Issue(string code, string stepKey, Channel channel, string userId, string message)
    {
        var key = (code, stepKey, channel);
        if (!Issues.TryGetValue(key, out var issue)) issue = (0, [], message);
        if (issue.Sample.Count < 20) issue.Sample.Add(userId);
        Issues[key] = (issue.Count + 1, issue.Sample, issue.Message);
    }

    public IEnumerable<RunIssue> ToRows(Guid runId) => Issues.Select(i => new RunIssue
    {
        RunId = runId,
        Code = i.Key.Code,
        StepKey = i.Key.StepKey,
        Channel = i.Key.Channel,
        Count = i.Value.Count,
        SampleUserIds = string.Join(",", i.Value.Sample),
        Message = i.Value.Message,
    });
}
