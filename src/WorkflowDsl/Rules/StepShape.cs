namespace WorkflowDsl.Rules
{
    /// <summary>What kind of activity a step is.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    enum StepKind
    {
        /// <summary>Send a message to a recipient on one or more channels.</summary>
        Message = 0,
        /// <summary>Wait before the next step.</summary>
        Delay = 1,
        /// <summary>Wait, then repeat the previous message a number of times.</summary>
        DelayAndRepeat = 2,
    }

    /// <summary>The plain facts about one step that the definition rules look at. Both the run-time
    /// builder and the source generator describe steps this way, so one class owns the rules.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class StepShape
    {
        /// <summary>Creates a step description.</summary>
        public StepShape(StepKind kind, string verb, string? explicitKey, int recipient, int channels, string? templateId, long durationTicks, int times)
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

        /// <summary>The step's kind.</summary>
        public StepKind Kind { get; }
        /// <summary>The DSL verb that made the step (invite, remind, remind-manager, notify-hr-partner, message, wait, wait-and-repeat); key derivation starts from it.</summary>
        public string Verb { get; }
        /// <summary>The key the developer gave, or null to derive one.</summary>
        public string? ExplicitKey { get; }
        /// <summary>0 user, 1 manager, 2 HR partner (messages only).</summary>
        public int Recipient { get; }
        /// <summary>Channel flags: 1 email, 2 push, 4 SMS (messages only).</summary>
        public int Channels { get; }
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
        {
            RuleId = ruleId;
            IsError = isError;
            StepIndex = stepIndex;
            Argument = argument;
            Message = message;
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

        /// <inheritdoc/>
        public override string ToString() => RuleId + ": " + Message;
    }
}
