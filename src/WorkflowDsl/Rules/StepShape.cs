namespace WorkflowDsl.Rules
{
    /// <summary>The plain facts about one step that the definition rules look at. Both the run-time
    /// builder and the source generator describe steps this way, so one class owns the rules.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class StepShape
    {
        private StepShape(StepKind kind, string verb, string? explicitKey, Recipient recipient, Channel channels, string? templateId, long durationTicks, int times)
        {
            Kind = kind;
            Verb = verb;
            ExplicitKey = explicitKey;
            Recipient = recipient;
            Channels = channels;
            TemplateId = templateId;
            DurationTicks = durationTicks;
            Times = times;
        }

        /// <summary>A Message step made by <paramref name="verb"/> (see <see cref="StepCatalog.Verbs"/>; "plan" for a decoded plan).</summary>
        public static StepShape Message(string verb, string? key, Recipient recipient, Channel channels, string? templateId) =>
            new StepShape(StepKind.Message, verb, key, recipient, channels, templateId, 0, 0);

        /// <summary>A Delay step (the duration as given; <see cref="StepVerb.Make"/> normalises a definition's).</summary>
        public static StepShape Delay(string verb, string? key, long durationTicks) =>
            new StepShape(StepKind.Delay, verb, key, default, default, null, durationTicks, 0);

        /// <summary>A DelayAndRepeat step (the duration as given; <see cref="StepVerb.Make"/> normalises a definition's).</summary>
        public static StepShape DelayAndRepeat(string verb, string? key, long durationTicks, int times) =>
            new StepShape(StepKind.DelayAndRepeat, verb, key, default, default, null, durationTicks, times);

        /// <summary>The same step with its key pinned to <paramref name="key"/>.</summary>
        public StepShape WithKey(string key) => new StepShape(Kind, Verb, key, Recipient, Channels, TemplateId, DurationTicks, Times);

        /// <summary>The step's kind.</summary>
        public StepKind Kind { get; }
        /// <summary>The DSL verb that made the step (invite, remind, remind-manager, notify-hr-partner, message, wait, wait-and-repeat); key derivation starts from it.</summary>
        public string Verb { get; }
        /// <summary>The key the developer gave, or null to derive one.</summary>
        public string? ExplicitKey { get; }
        /// <summary>Who gets the message (messages only; possibly a value the DSL does not define, which the rules report).</summary>
        public Recipient Recipient { get; }
        /// <summary>The channels (messages only; possibly with bits the DSL does not define, which the rules report).</summary>
        public Channel Channels { get; }
        /// <summary>The message template id (messages only).</summary>
        public string? TemplateId { get; }
        /// <summary>The delay in ticks (delays only).</summary>
        public long DurationTicks { get; }
        /// <summary>How many times the previous message is repeated (DelayAndRepeat only).</summary>
        public int Times { get; }
    }

    /// <summary>A broken rule: which rule, which step (or -1 for the workflow), which argument, and a message that names the value and says what to do.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class RuleViolation
    {
        /// <summary>Creates a violation.</summary>
        public RuleViolation(string ruleId, bool isError, int stepIndex, string argument, string message)
            : this(ruleId, isError, stepIndex, argument, message, null)
        {
        }

        /// <summary>Creates a violation whose fix writes <paramref name="suggestedKey"/> as the step's key (WFDSL025).</summary>
        public RuleViolation(string ruleId, bool isError, int stepIndex, string argument, string message, string? suggestedKey)
        {
            RuleId = ruleId;
            IsError = isError;
            StepIndex = stepIndex;
            Argument = argument;
            Message = message;
            SuggestedKey = suggestedKey;
        }

        /// <summary>The rule id (WFDSL0xx).</summary>
        public string RuleId { get; }
        /// <summary>True for errors, false for warnings.</summary>
        public bool IsError { get; }
        /// <summary>Index of the offending step, or -1 when the workflow as a whole is at fault.</summary>
        public int StepIndex { get; }
        /// <summary>The offending argument's parameter name (duration, times, channels, key, contents, id), or empty for the whole call.</summary>
        public string Argument { get; }
        /// <summary>What is wrong and what to do.</summary>
        public string Message { get; }
        /// <summary>The explicit key that fixes it without changing behaviour (the step's current derived key, WFDSL025), or null.</summary>
        public string? SuggestedKey { get; }

        /// <inheritdoc/>
        public override string ToString() => RuleId + ": " + Message;
    }
}
