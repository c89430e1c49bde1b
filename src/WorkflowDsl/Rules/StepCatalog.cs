using System;
using System.Collections.Generic;

namespace WorkflowDsl.Rules
{
    /// <summary>One verb of the DSL that adds a step: the <c>WorkflowDefinition</c> method, the kind of
    /// step it makes, the verb its derived key starts from, and what it fixes (the recipient, the default
    /// template). The run-time builder, both readers of the generator and the seed templates make steps
    /// from these entries.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class StepVerb
    {
        internal StepVerb(string methodName, string verb, StepKind kind, Recipient? fixedRecipient, string? defaultTemplate, string[] parameters)
        {
            MethodName = methodName;
            Verb = verb;
            Kind = kind;
            FixedRecipient = fixedRecipient;
            DefaultTemplate = defaultTemplate;
            Parameters = parameters;
        }

        /// <summary>The <c>WorkflowDefinition</c> method, such as <c>Invite</c>.</summary>
        public string MethodName { get; }
        /// <summary>The verb derived keys start from (invite, remind, remind-manager, notify-hr-partner, message, wait, wait-and-repeat).</summary>
        public string Verb { get; }
        /// <summary>The kind of step the verb makes.</summary>
        public StepKind Kind { get; }
        /// <summary>The recipient the verb fixes, or null when the call names it (<c>Message</c>) or the step sends nothing.</summary>
        public Recipient? FixedRecipient { get; }
        /// <summary>The template used when the call names none, or null when the template is required or the step sends nothing.</summary>
        public string? DefaultTemplate { get; }
        /// <summary>The method's parameters in order (the DSL's names).</summary>
        public IReadOnlyList<string> Parameters { get; }

        /// <summary>The parameters whose values the step rules look at (diagnostics go to these arguments).</summary>
        public IReadOnlyList<string> RuleArguments =>
            Kind == StepKind.Message ? (FixedRecipient == null ? new[] { "recipient", "channels", "template" } : new[] { "channels", "template" })
            : Kind == StepKind.Delay ? new[] { "duration" } : new[] { "duration", "times" };

        private static long NormalizeDelayTicks(long ticks) => StepCatalog.NormalizeDelay(ticks);

        /// <summary>The step a call of this verb makes, from the call's argument values (a delay normalised by <see cref="StepCatalog.NormalizeDelay"/>) (an omitted
        /// template is the DSL parameter's default, <see cref="DefaultTemplate"/>, which the caller passes).
        /// <paramref name="recipient"/> is used only when the verb does not fix one.</summary>
        public StepShape Make(string? key, Recipient recipient, Channel channels, string? template, long durationTicks, int times)
        {
            switch (Kind)
            {
                case StepKind.Message: return StepShape.Message(Verb, key, FixedRecipient ?? recipient, channels, template);
                case StepKind.Delay: return StepShape.Delay(Verb, key, NormalizeDelayTicks(durationTicks));
                default: return StepShape.DelayAndRepeat(Verb, key, NormalizeDelayTicks(durationTicks), times);
            }
        }
    }

    /// <summary>The DSL's vocabulary in one place: the verbs that add steps (with the kind, recipient
    /// and default template of each), the recipients and channels that exist and their names, and the
    /// limits of the steps' values (repeat counts, the smallest unit of a delay). The definition rules,
    /// the plan encoding, the Mermaid diagram, both readers of the generator and the run-time builder
    /// read it here.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class StepCatalog
    {
        /// <summary>The built-in invitation template's id.</summary>
        public const string InvitationTemplate = "invitation";
        /// <summary>The built-in reminder template's id.</summary>
        public const string ReminderTemplate = "reminder";
        /// <summary>The built-in digest template's id (managers and HR partners).</summary>
        public const string ManagerNotificationTemplate = "manager-notification";

        /// <summary>Fewest repeats a DelayAndRepeat step accepts.</summary>
        public const int MinRepeat = 1;
        /// <summary>Most repeats a DelayAndRepeat step accepts.</summary>
        public const int MaxRepeat = 10;

        /// <summary>The smallest unit of a delay: one minute. Runs happen at most every few minutes, so
        /// nothing finer could be honoured.</summary>
        public const long SmallestDelayTicks = TimeSpan.TicksPerMinute;

        /// <summary>How far from a whole minute a delay may be and still count as that minute: one
        /// millisecond, which absorbs the floating-point error of a fraction such as
        /// <c>TimeSpan.FromDays(2.3)</c> (one tick short of 3,312 minutes).</summary>
        public const long DelayRoundingTicks = TimeSpan.TicksPerMillisecond;

        /// <summary>Every channel bit the DSL defines.</summary>
        public const Channel AllChannels = Channel.Email | Channel.Push | Channel.Sms;

        private static readonly Channel[] ChannelBits = { Channel.Email, Channel.Push, Channel.Sms };

        /// <summary>The verbs that add steps, in the order the DSL declares them.</summary>
        public static readonly IReadOnlyList<StepVerb> Verbs = new[]
        {
            new StepVerb("Invite", "invite", StepKind.Message, Recipient.User, InvitationTemplate, new[] { "channels", "template", "key" }),
            new StepVerb("Remind", "remind", StepKind.Message, Recipient.User, ReminderTemplate, new[] { "channels", "template", "key" }),
            new StepVerb("RemindManager", "remind-manager", StepKind.Message, Recipient.Manager, ManagerNotificationTemplate, new[] { "channels", "template", "key" }),
            new StepVerb("NotifyHrPartner", "notify-hr-partner", StepKind.Message, Recipient.HrPartner, ManagerNotificationTemplate, new[] { "channels", "template", "key" }),
            new StepVerb("Message", "message", StepKind.Message, null, null, new[] { "recipient", "channels", "template", "key" }),
            new StepVerb("Wait", "wait", StepKind.Delay, null, null, new[] { "duration", "key" }),
            new StepVerb("WaitAndRepeat", "wait-and-repeat", StepKind.DelayAndRepeat, null, null, new[] { "duration", "times", "key" }),
        };

        /// <summary>The verb of a <c>WorkflowDefinition</c> method, or null when the method adds no step.</summary>
        public static StepVerb? FindVerb(string methodName)
        {
            foreach (var verb in Verbs)
            {
                if (string.Equals(verb.MethodName, methodName, StringComparison.Ordinal)) return verb;
            }
            return null;
        }

        /// <summary>The verb of a method that certainly adds a step.</summary>
        public static StepVerb Verb(string methodName) =>
            FindVerb(methodName) ?? throw new ArgumentException("'" + methodName + "' is not a step verb of the DSL.", nameof(methodName));

        /// <summary>True for a recipient the DSL defines (User, Manager, HrPartner).</summary>
        public static bool IsDefined(Recipient recipient) =>
            recipient == Recipient.User || recipient == Recipient.Manager || recipient == Recipient.HrPartner;

        /// <summary>True for a recipient who gets one digest per run (Manager, HrPartner).</summary>
        public static bool IsDigestRecipient(Recipient recipient) => recipient == Recipient.Manager || recipient == Recipient.HrPartner;

        /// <summary>The bits of <paramref name="channels"/> that the DSL does not define (0 when all are defined).</summary>
        public static int UndefinedChannelBits(Channel channels) => (int)channels & ~(int)AllChannels;

        /// <summary>The defined channels one at a time (Email, Push, Sms).</summary>
        public static IReadOnlyList<Channel> EachChannel => ChannelBits;

        /// <summary>The kebab-case name of a recipient kind (user, manager, hr-partner).</summary>
        public static string RecipientSlug(Recipient recipient) =>
            recipient == Recipient.Manager ? "manager" : recipient == Recipient.HrPartner ? "hr-partner" : "user";

        /// <summary>The display name of a recipient kind.</summary>
        public static string RecipientName(Recipient recipient) =>
            recipient == Recipient.Manager ? "Manager" : recipient == Recipient.HrPartner ? "HR partner" : "User";

        /// <summary>Channel flags as text, such as "Email, Push" ("no channel" when none is set).</summary>
        public static string ChannelNames(Channel channels)
        {
            var parts = new List<string>();
            foreach (var bit in ChannelBits)
            {
                if ((channels & bit) != 0) parts.Add(bit.ToString());
            }
            return parts.Count == 0 ? "no channel" : string.Join(", ", parts);
        }

        /// <summary>A delay as the DSL takes it from the definition: a positive delay within
        /// <see cref="DelayRoundingTicks"/> of a positive whole number of minutes is that number of
        /// minutes; any other value is kept as it is (the rules report it: WFDSL003 or WFDSL023).</summary>
        public static long NormalizeDelay(long ticks)
        {
            if (ticks <= 0) return ticks;
            long remainder = ticks % SmallestDelayTicks;
            if (remainder == 0) return ticks;
            if (remainder <= DelayRoundingTicks && ticks - remainder > 0) return ticks - remainder;
            long up = SmallestDelayTicks - remainder;
            if (up <= DelayRoundingTicks && ticks <= TimeSpan.MaxValue.Ticks - up) return ticks + up;
            return ticks;
        }

        /// <summary>True when the delay is a whole number of minutes.</summary>
        public static bool IsWholeMinutes(long ticks) => ticks % SmallestDelayTicks == 0;

        /// <summary><paramref name="count"/> units of <paramref name="unitTicks"/> in ticks, as
        /// <c>TimeSpan.FromDays(double)</c> (and FromHours, FromMinutes) computes them on .NET: the
        /// product, truncated to a whole tick. <paramref name="outOfRange"/> when that does not fit a TimeSpan.</summary>
        public static long FractionalTicks(double count, long unitTicks, out bool outOfRange)
        {
            double ticks = count * unitTicks;
            outOfRange = double.IsNaN(ticks) || ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks;
            return outOfRange ? 0 : (long)ticks;
        }
    }
}
