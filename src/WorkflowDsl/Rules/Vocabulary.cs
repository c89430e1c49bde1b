// Shared source: compiled into WorkflowDsl (where these enums are the DSL's public API, in the
// WorkflowDsl namespace) and linked into the generator (where they are internal, in WorkflowDsl.Rules,
// so a test project that sees both assemblies never finds two types of one name). Keep it free of
// newer BCL APIs (netstandard2.0).
#if WORKFLOWDSL_GENERATOR
namespace WorkflowDsl.Rules
#else
namespace WorkflowDsl
#endif
{
    /// <summary>Delivery channels; combine them with <c>|</c>, as in <c>Channel.Email | Channel.Push</c>.
    /// Which bits are defined, and their names, live in <c>WorkflowDsl.Rules.StepCatalog</c>.</summary>
    [System.Flags]
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    enum Channel
    {
        /// <summary>No channel (not valid for a message step).</summary>
        None = 0,
        /// <summary>Email (needs an address).</summary>
        Email = 1,
        /// <summary>Push notification (needs at least one device token).</summary>
        Push = 2,
        /// <summary>SMS (needs a phone number in E.164 form).</summary>
        Sms = 4,
    }

    /// <summary>Who receives a message step.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    enum Recipient
    {
        /// <summary>The target user.</summary>
        User = 0,
        /// <summary>The target user's manager, who gets one digest per run.</summary>
        Manager = 1,
        /// <summary>The target user's HR business partner, who gets one digest per run.</summary>
        HrPartner = 2,
    }

    /// <summary>What kind of activity a step is. The values are the plan encoding's step codes.</summary>
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
}
