using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;
using Sent = WorkflowDsl.Delivery.Sending.DeliveryResult;
using StoredResult = WorkflowDsl.Runtime.Storage.DeliveryResult;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>Delivers the outbox: reads rows without a final result in batches, renders each message for
/// its recipient, sends it through the channel's <see cref="IChannelSender"/> and records the result.
/// The claim protocol (see docs/delivery-guarantees.md): each attempt is written and committed
/// (<see cref="AttemptState.InFlight"/>) before the message is handed to the provider, and completed
/// together with its <see cref="StoredResult"/> after; a message is never sent while a final result or a
/// live claim exists, and an abandoned claim (older than <see cref="DispatcherOptions.ClaimTimeout"/>)
/// is sent again. So a crash loses nothing; a message handed to the provider in the moment before a
/// crash may be delivered twice (at-least-once), with the same Message-Id for email.</summary>
public sealed class OutboxDispatcher
{
    private static readonly Channel[] AllChannels = [Channel.Email, Channel.Push, Channel.Sms];
    private readonly DispatchDatabase _database;
    private readonly WorkflowCatalog _catalog;
    private readonly IReadOnlyDictionary<Channel, IChannelSender> _senders;
    private readonly TemplateRenderer _renderer;
    private readonly TrackingLinks? _tracking;
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly DispatchInstruments _metrics;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="database">The workflow database (with the dispatcher's tables, see <see cref="DispatchDatabase.EnsureCreatedAsync"/>).</param>
    /// <param name="catalog">Plans and templates to render with.</param>
    /// <param name="senders">One sender per channel; a channel without one is left pending and reported.</param>
    /// <param name="renderer">The template renderer.</param>
    /// <param name="options">Options; the defaults when null.</param>
    /// <param name="tracking">Builds unsubscribe links for templates; null without tracking.</param>
    /// <param name="time">The one clock; the system clock when null.</param>
    /// <param name="logger">Where failures and pass summaries are logged (docs/delivery.md, "Logs and metrics"); none when null.</param>
    /// <param name="meters">Creates the <see cref="DispatchMetrics.MeterName"/> meter; a meter of its own when null.</param>
    /// <exception cref="InvalidOperationException">The options are not valid, or two senders serve one channel.</exception>
    public OutboxDispatcher(DispatchDatabase database, WorkflowCatalog catalog, IEnumerable<IChannelSender> senders, TemplateRenderer renderer,
        DispatcherOptions? options = null, TrackingLinks? tracking = null, TimeProvider? time = null,
        ILogger<OutboxDispatcher>? logger = null, IMeterFactory? meters = null)
    {
        _options = options ?? new DispatcherOptions();
        _options.ThrowIfInvalid();
        var byChannel = new Dictionary<Channel, IChannelSender>();
        foreach (var sender in senders)
        {
            if (!byChannel.TryAdd(sender.Channel, sender))
                throw new InvalidOperationException($"Two senders serve {sender.Channel}: '{byChannel[sender.Channel].Destination}' and '{sender.Destination}'. Register one sender per channel.");
        }
        _senders = byChannel;
        _database = database;
        _catalog = catalog;
        _renderer = renderer;
        _tracking = tracking;
        _time = time ?? TimeProvider.System;
        _log = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = new DispatchInstruments(meters?.Create(DispatchMetrics.MeterName) ?? SharedMeter);
    }

    private static readonly Meter SharedMeter = new(DispatchMetrics.MeterName);

    /// <summary>The senders, by channel.</summary>
    public IReadOnlyDictionary<Channel, IChannelSender> Senders => _senders;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>One pass over the outbox: every message without a final result on a channel is sent,
    /// skipped or failed (or deferred when claimed elsewhere or waiting for a retry). Safe to run again at
    /// any time, also after a crash: nothing recorded as sent is sent again.</summary>
    /// <remarks>Batches are pipelined: while batch N is handed to the senders, one database lane records
    /// batch N−1 and then reads, renders and claims (commits) batch N+1. A message is still claimed before
    /// its hand-off; at a crash, the messages handed off without a recorded outcome (at most batch N−1 and
    /// the handed-off part of batch N) are sent again after the claim timeout (docs/delivery-guarantees.md).</remarks>
    public async Task<DispatchReport> DispatchAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var tally = AllChannels.ToDictionary(c => c, _ => new int[5]);
        var problems = new List<string>();
        var pending = new Pending();
        int read = 0, batches = 0;
        long after = 0;
        // The database lane's units of work run one after another on one connection (SQLite).
        await using var pass = await _database.OpenPassConnectionAsync(cancellationToken);

        // The database lane's next step: read the next batch, render it and claim it (null at the end).
        async Task<Batch?> NextAsync()
        {
            if (batches >= _options.MaxBatchesPerPass) return null;
            List<OutboxMessage> rows;
            await using (var db = _database.CreateContext(pass))
            {
                long from = after;
                rows = await db.Outbox.AsNoTracking()
                    .Where(m => m.Id > from && !db.Dispatched.Any(d => d.OutboxMessageId == m.Id))
                    .OrderBy(m => m.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            }
            if (rows.Count == 0) return null;
            batches++;
            after = rows[^1].Id;
            read += rows.Count;
            return await PrepareBatchAsync(pass, rows, tally, pending, problems, cancellationToken);
        }

        // The database lane runs one step at a time (record N-1, then prepare N+1), so its reads see every
        // earlier batch's recorded outcomes but N's (being sent).
        var current = await NextAsync();
        Batch? handedOff = null;
        while (current is not null)
        {
            using var stop = new CancellationTokenSource();
            var sending = SendBatchAsync(current, stop.Token, cancellationToken);
            var toRecord = handedOff;
            var database = Task.Run(async () =>
            {
                if (toRecord is not null) await RecordAsync(pass, toRecord, tally, pending, cancellationToken);
                return await NextAsync();
            }, CancellationToken.None);
            Batch? next;
            try
            {
                next = await database;
            }
            catch
            {
                // Hand off no more (those messages stay claimed and go out once after the claim timeout).
                await stop.CancelAsync();
                try { await sending; }
                catch (Exception) { /* the database lane's failure is the one reported */ }
                throw;
            }
            await sending; // a failure here leaves batch N unrecorded, as a crash would
            handedOff = current;
            current = next;
        }
        if (handedOff is not null) await RecordAsync(pass, handedOff, tally, pending, cancellationToken);

        var channels = AllChannels.Select(c => new ChannelDispatchCount(c, _senders.TryGetValue(c, out var s) ? s.Destination : "",
            tally[c][0], tally[c][1], tally[c][2], tally[c][3], tally[c][4])).ToList();
        var report = new DispatchReport(read, channels, problems, watch.Elapsed) { Pending = pending.ToList() };
        foreach (var problem in problems) DispatchLog.Problem(_log, problem);
        DispatchLog.Pass(_log, read, (long)watch.Elapsed.TotalMilliseconds, report.Sent, channels.Sum(c => c.Failed), channels.Sum(c => c.FailedTransient),
            channels.Sum(c => c.Skipped), channels.Sum(c => c.Deferred), report.DescribePending());
        return report;
    }

    // Messages left without a final result, by channel and reason, with the earliest next attempt (database lane only).
    private sealed class Pending
    {
        private readonly Dictionary<(Channel, PendingReason), (int Count, DateTime? Next)> _counts = [];

        public void Add(Channel channel, PendingReason reason, DateTime? next)
        {
            var (count, earliest) = _counts.GetValueOrDefault((channel, reason));
            _counts[(channel, reason)] = (count + 1, earliest is null || (next is not null && next < earliest) ? next : earliest);
        }

        public List<PendingCount> ToList() => _counts.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2)
            .Select(p => new PendingCount(p.Key.Item1, p.Key.Item2, p.Value.Count, p.Value.Next)).ToList();
    }

    // One batch: its rows, the claimed work and the final results found while preparing it.
    private sealed class Batch(List<OutboxMessage> rows)
    {
        public List<OutboxMessage> Rows { get; } = rows;
        public List<Work> Work { get; } = [];
        public List<StoredResult> Finals { get; } = [];
        public Dictionary<long, Channel> FinalChannels { get; } = [];
        // Failures for good found while preparing (template error, recipient gone): logged and counted once recorded.
        public List<(OutboxMessage Row, Channel Channel, string Code, string Reason)> PreparedFailures { get; } = [];
    }

    // Each channel has its own sending slots (MaxParallelSends each), and a sender makes one attempt
    // without waiting (IChannelSender.SendOnceAsync): a Retry-After or back-off becomes the attempt's next
    // attempt time, so one channel's faults hold no slot of another channel's and do not hold the batch.
    private async Task SendBatchAsync(Batch batch, CancellationToken stop, CancellationToken cancellationToken)
    {
        if (batch.Work.Count == 0) return;
        await Task.WhenAll(batch.Work.GroupBy(w => w.Channel).Select(channel =>
            Parallel.ForEachAsync(channel, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelSends, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    if (stop.IsCancellationRequested) return;
                    item.Result = await SendAsync(item, token);
                })));
    }

    private const int SentSlot = 0, FailedSlot = 1, TransientSlot = 2, SkippedSlot = 3, DeferredSlot = 4;

    private sealed class Work(OutboxMessage row, Channel channel, int attemptNumber)
    {
        public OutboxMessage Row { get; } = row;
        public Channel Channel { get; } = channel;
        public int AttemptNumber { get; } = attemptNumber;
        public int TransientBefore { get; init; }
        public DispatchAttempt? Abandoned { get; init; }
        public List<OutgoingMessage> Messages { get; } = [];
        public DispatchAttempt? Claim { get; set; }
        public Sent? Result { get; set; }
        public List<string> UnregisteredTokens { get; } = [];
    }

    // Reads the batch's state and directory data, renders its messages and claims them (committed).
    private async Task<Batch> PrepareBatchAsync(PassConnection? pass, List<OutboxMessage> rows, Dictionary<Channel, int[]> tally, Pending pending, List<string> problems, CancellationToken cancellationToken)
    {
        var now = Now;
        var batch = new Batch(rows);
        var ids = rows.Select(r => r.Id).ToList();
        var finals = batch.Finals;
        var work = batch.Work;
        var finalChannels = batch.FinalChannels;
        BatchDirectory directory;
        await using (var db = _database.CreateContext(pass))
        {
            var results = await db.DeliveryResults.AsNoTracking()
                .Where(r => ids.Contains(r.OutboxMessageId) && r.Status != DeliveryStatus.Pending).ToListAsync(cancellationToken);
            foreach (var r in results) finalChannels[r.OutboxMessageId] = finalChannels.GetValueOrDefault(r.OutboxMessageId) | r.Channel;
            var attempts = (await db.Attempts.AsNoTracking().Where(a => ids.Contains(a.OutboxMessageId)).ToListAsync(cancellationToken))
                .ToLookup(a => (a.OutboxMessageId, a.Channel));
            var recipientIds = rows.Select(r => r.RecipientId).Distinct().ToList();
            var optOuts = (await db.OptOuts.AsNoTracking().Where(o => recipientIds.Contains(o.UserId)).ToListAsync(cancellationToken))
                .ToDictionary(o => (o.UserId, o.Channel));
            directory = await BatchDirectory.LoadAsync(db, rows, _catalog, now, cancellationToken);

            foreach (var row in rows)
            {
                foreach (var channel in AllChannels)
                {
                    if (!row.Channels.HasFlag(channel) || finalChannels.GetValueOrDefault(row.Id).HasFlag(channel)) continue;
                    var history = attempts[(row.Id, channel)].OrderBy(a => a.AttemptNumber).ToList();
                    var next = DeliveryDecision.BeforeSend(history, optOuts.GetValueOrDefault((row.RecipientId, Channel.None)),
                        optOuts.GetValueOrDefault((row.RecipientId, channel)), channel, row.RecipientId, now, _options.ClaimTimeout);
                    if (next is NextDelivery.Final final)
                    {
                        Final(row, channel, final.Status, final.Reason);
                        continue;
                    }
                    if (next is NextDelivery.Wait wait)
                    {
                        tally[channel][DeferredSlot]++;
                        pending.Add(channel, wait.Reason, wait.Until);
                        continue;
                    }
                    var send = (NextDelivery.Send)next;
                    var item = new Work(row, channel, send.AttemptNumber) { TransientBefore = send.TransientBefore, Abandoned = send.Abandoned };
                    string? problem = Prepare(item, directory, out string? failureCode);
                    if (problem is not null)
                    {
                        if (failureCode is not null)
                        {
                            Final(row, channel, DeliveryStatus.Failed, problem);
                            batch.PreparedFailures.Add((row, channel, failureCode, problem));
                        }
                        else
                        {
                            tally[channel][DeferredSlot]++;
                            pending.Add(channel, PendingReason.NotConfigured, null);
                            if (!problems.Contains(problem)) problems.Add(problem);
                        }
                        continue;
                    }
                    if (item.Messages.Count == 0)
                    {
                        Final(row, channel, DeliveryStatus.Skipped, channel == Channel.Push ? "no push device token any more" : "no contact data any more");
                        continue;
                    }
                    work.Add(item);
                }
            }

            // The claim: committed before anything is handed to a provider.
            if (work.Count > 0)
            {
                try
                {
                    await ClaimAsync(db, work, now, cancellationToken);
                }
                catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
                {
                    // Another dispatcher claimed the same attempts first: it sends them.
                    foreach (var item in work)
                    {
                        tally[item.Channel][DeferredSlot]++;
                        pending.Add(item.Channel, PendingReason.ClaimedByAnother, null);
                    }
                    work.Clear();
                }
                foreach (var item in work)
                    if (item.Abandoned is { } abandoned)
                        DispatchLog.ClaimTakenOver(_log, item.Row.Id, item.Channel, abandoned.AttemptNumber, abandoned.ClaimedAt, _options.ClaimTimeout, item.AttemptNumber);
            }
        }
        if (work.Count > 0) await HookAsync(DispatchPoint.AfterClaim, null);
        return batch;

        void Final(OutboxMessage row, Channel channel, DeliveryStatus status, string reason)
        {
            finals.Add(new StoredResult { OutboxMessageId = row.Id, Channel = channel, Status = status, Reason = Clip(reason), At = now });
            tally[channel][Slot(status)]++;
        }
    }

    // Inserts one in-flight attempt per work item (and marks abandoned claims) in one transaction.
    private async Task ClaimAsync(DispatchDbContext db, List<Work> work, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var item in work)
        {
            item.Claim = new DispatchAttempt
            {
                OutboxMessageId = item.Row.Id, Channel = item.Channel, AttemptNumber = item.AttemptNumber,
                State = AttemptState.InFlight, ClaimedAt = now,
            };
            if (item.Abandoned is { } abandoned)
            {
                db.Attempts.Attach(abandoned);
                abandoned.State = AttemptState.OutcomeUnknown;
                abandoned.FinishedAt = now;
                abandoned.Reason = $"no outcome recorded within the claim timeout ({_options.ClaimTimeout}): the dispatcher stopped; sent again as attempt {item.AttemptNumber}";
            }
        }
        if (!SqliteValues.IsSqlite(db))
        {
            db.Attempts.AddRange(work.Select(w => w.Claim!));
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (work.Any(w => w.Abandoned is not null)) await db.SaveChangesAsync(cancellationToken);
        await DispatchWrites.InsertClaimsAsync(db, work.Select(w => w.Claim!).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Renders the channel's message(s); returns a problem or null. With a failure code the problem is a
    // final failure ("recipient-gone", "template"); without one the message waits for a configuration fix.
    private string? Prepare(Work item, BatchDirectory directory, out string? failureCode)
    {
        failureCode = null;
        var row = item.Row;
        if (!_senders.TryGetValue(item.Channel, out _))
            return $"WFDSP001: no {item.Channel} sender is configured, so {item.Channel} messages stay in the outbox: configure {ChannelSection(item.Channel)} (or its outbox file).";
        if (!_catalog.Plans.TryGetValue(row.WorkflowId, out var plan))
            return $"WFDSP002: the outbox has messages of workflow '{row.WorkflowId}', which is not in the dispatcher's catalog: add its plan to the WorkflowCatalog.";
        if (!_catalog.Templates.TryGetValue(row.TemplateId, out var template))
            return $"WFDSP003: message template '{row.TemplateId}' (workflow '{row.WorkflowId}') is not in the dispatcher's catalog: add it to the WorkflowCatalog's templates.";
        var recipient = directory.User(row.RecipientId);
        if (recipient is null)
        {
            failureCode = "recipient-gone";
            return $"recipient '{row.RecipientId}' is no longer in the directory";
        }
        string messageId = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? unsubscribe = _tracking?.UnsubscribeUrl(messageId, recipient.Id);
        try
        {
            var model = directory.Model(row, plan, recipient, unsubscribe);
            switch (item.Channel)
            {
                case Channel.Email when !string.IsNullOrWhiteSpace(recipient.Email):
                    item.Messages.Add(new EmailMessage(messageId, recipient.Id, [new EmailAddress(recipient.Email, recipient.FullName)], _renderer.RenderEmail(template, model)));
                    break;
                case Channel.Sms when !string.IsNullOrWhiteSpace(recipient.Phone):
                    item.Messages.Add(new SmsMessage(messageId, recipient.Id, recipient.Phone, _renderer.RenderSms(template, model).Text));
                    break;
                case Channel.Push when recipient.DeviceTokens.Count > 0:
                    var push = _renderer.RenderPush(template, model);
                    var data = new Dictionary<string, string> { ["workflow"] = row.WorkflowId, ["message"] = messageId };
                    foreach (var token in recipient.DeviceTokens.OrderBy(t => t.Token, StringComparer.Ordinal))
                        item.Messages.Add(new PushMessage(messageId, recipient.Id, token.Token, push.Title, push.Body) { Data = data });
                    break;
            }
        }
        catch (TemplateRenderException e)
        {
            failureCode = "template";
            return "template: " + e.Problem;
        }
        return null;
    }

    private static string ChannelSection(Channel channel) => channel switch
    {
        Channel.Email => "WorkflowDsl:Delivery:Email",
        Channel.Sms => "WorkflowDsl:Delivery:Sms",
        _ => "WorkflowDsl:Delivery:Push",
    };

    private async Task<Sent> SendAsync(Work item, CancellationToken cancellationToken)
    {
        var sender = _senders[item.Channel];
        var results = new List<Sent>();
        long started = Stopwatch.GetTimestamp();
        foreach (var message in item.Messages)
        {
            var result = await sender.SendOnceAsync(message, cancellationToken);
            await HookAsync(DispatchPoint.AfterSend, message);
            if (result is Sent.TokenUnregistered && message is PushMessage push) item.UnregisteredTokens.Add(push.DeviceToken);
            results.Add(result);
        }
        _metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("channel", ChannelTag(item.Channel)));
        return DeliveryDecision.Combine(results);
    }

    // Records a handed-off batch in one transaction: each claim's outcome, the final results (also those
    // found while preparing), opt-outs, unregistered device tokens and dispatch_done.
    private async Task RecordAsync(PassConnection? pass, Batch batch, Dictionary<Channel, int[]> tally, Pending pending, CancellationToken cancellationToken)
    {
        await HookAsync(DispatchPoint.BeforeRecord, null);
        var now = Now;
        var (rows, work, finals, finalChannels) = (batch.Rows, batch.Work, batch.Finals, batch.FinalChannels);
        var optOuts = new List<OptOut>();
        await using var db = _database.CreateContext(pass);
        bool sqlite = SqliteValues.IsSqlite(db);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var unregistered = new List<(string User, string Token)>();
        var outcomes = new List<(Work Item, DeliveryOutcome Outcome, Sent Result)>();
        foreach (var item in work)
        {
            var claim = item.Claim!;
            if (!sqlite) db.Attempts.Attach(claim);
            claim.FinishedAt = now;
            if (item.Result is { } result)
            {
                var outcome = DeliveryDecision.AfterSend(result, item.Channel, item.TransientBefore, now, _options.TransientRetryDelay, _options.MaxTransientAttempts);
                claim.State = outcome.State;
                claim.Reason = Clip(outcome.AttemptReason);
                if (outcome.ProviderId is not null) claim.ProviderId = Clip(outcome.ProviderId);
                claim.RetryNotBefore = outcome.RetryNotBefore;
                outcomes.Add((item, outcome, result));
                if (outcome.OptOut)
                    optOuts.Add(new OptOut { UserId = item.Row.RecipientId, Channel = item.Channel, Source = "provider: " + Clip(outcome.AttemptReason, 300), OutboxMessageId = item.Row.Id, At = now });
                if (outcome.FinalStatus is { } status)
                {
                    finals.Add(new StoredResult { OutboxMessageId = item.Row.Id, Channel = item.Channel, Status = status, Reason = Clip(outcome.FinalReason), At = now });
                    tally[item.Channel][Slot(status)]++;
                }
                else
                {
                    tally[item.Channel][TransientSlot]++;
                    pending.Add(item.Channel, PendingReason.RetryLater, outcome.RetryNotBefore);
                }
            }
            foreach (var token in item.UnregisteredTokens) unregistered.Add((item.Row.RecipientId, token));
        }
        if (sqlite)
        {
            await DispatchWrites.UpdateOutcomesAsync(db, work.Select(w => w.Claim!).ToList(), cancellationToken);
            await DispatchWrites.InsertResultsAsync(db, finals, cancellationToken);
        }
        else db.DeliveryResults.AddRange(finals);
        foreach (var optOut in optOuts.DistinctBy(o => (o.UserId, o.Channel)))
        {
            string user = optOut.UserId;
            Channel channel = optOut.Channel;
            if (!await db.OptOuts.AnyAsync(o => o.UserId == user && o.Channel == channel, cancellationToken)) db.OptOuts.Add(optOut);
        }
        foreach (var (user, token) in unregistered)
            await db.DeviceTokens.Where(t => t.UserId == user && t.Token == token).ExecuteDeleteAsync(cancellationToken);
        foreach (var f in finals) finalChannels[f.OutboxMessageId] = finalChannels.GetValueOrDefault(f.OutboxMessageId) | f.Channel;
        var done = rows.Where(row => (row.Channels & ~finalChannels.GetValueOrDefault(row.Id)) == Channel.None)
            .Select(row => new DispatchedMessage { OutboxMessageId = row.Id, At = now }).ToList();
        if (sqlite) await DispatchWrites.InsertDoneAsync(db, done, cancellationToken);
        else db.Dispatched.AddRange(done);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Report(batch, outcomes);
        await HookAsync(DispatchPoint.AfterRecord, null);
    }

    // Logs and counts a batch's committed outcomes (docs/delivery.md, "Logs and metrics").
    private void Report(Batch batch, List<(Work Item, DeliveryOutcome Outcome, Sent Result)> outcomes)
    {
        foreach (var (row, channel, code, reason) in batch.PreparedFailures)
        {
            DispatchLog.FailedPermanent(_log, row.Id, channel, row.RecipientId, 0, code, DispatchLog.Mask(reason));
            _metrics.FailedPermanent.Add(1, Tag("channel", ChannelTag(channel)), Tag("provider_code", code));
        }
        foreach (var (item, outcome, result) in outcomes)
        {
            var channel = Tag("channel", ChannelTag(item.Channel));
            string code = result.ProviderCode ?? "none";
            switch (result)
            {
                case Sent.Sent:
                    _metrics.Sent.Add(1, channel);
                    break;
                case Sent.FailedTransient:
                    _metrics.FailedTransient.Add(1, channel, Tag("provider_code", code));
                    if (outcome.FinalStatus is null)
                        DispatchLog.FailedTransient(_log, item.Row.Id, item.Channel, item.Row.RecipientId, item.AttemptNumber, code, DispatchLog.Mask(outcome.AttemptReason, Tokens(item)), outcome.RetryNotBefore!.Value);
                    else
                    {
                        // The transient-attempt limit: this attempt failed for now, the message for good.
                        _metrics.FailedPermanent.Add(1, channel, Tag("provider_code", code));
                        DispatchLog.FailedPermanent(_log, item.Row.Id, item.Channel, item.Row.RecipientId, item.AttemptNumber, code, DispatchLog.Mask(outcome.FinalReason, Tokens(item)));
                    }
                    break;
                case Sent.FailedPermanent or Sent.InvalidAddress or Sent.TokenUnregistered:
                    _metrics.FailedPermanent.Add(1, channel, Tag("provider_code", code));
                    DispatchLog.FailedPermanent(_log, item.Row.Id, item.Channel, item.Row.RecipientId, item.AttemptNumber, code, DispatchLog.Mask(outcome.FinalReason, Tokens(item)));
                    break;
            }
        }

        static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
        static IEnumerable<string> Tokens(Work item) => item.Messages.OfType<PushMessage>().Select(m => m.DeviceToken);
    }

    private static string ChannelTag(Channel channel) => channel switch { Channel.Email => "email", Channel.Sms => "sms", Channel.Push => "push", _ => channel.ToString() };

    private Task HookAsync(DispatchPoint point, OutgoingMessage? message) => _options.OnPoint?.Invoke(point, message) ?? Task.CompletedTask;

    private static int Slot(DeliveryStatus status) => status switch { DeliveryStatus.Delivered => SentSlot, DeliveryStatus.Skipped => SkippedSlot, _ => FailedSlot };

    private static string Clip(string text, int max = 1000) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
