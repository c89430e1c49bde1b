// Shared source: compiled into WorkflowDsl and linked into the generator (netstandard2.0), so keep it
// free of newer BCL APIs. One list of rule ids for the compile-time diagnostics and runtime errors.
namespace WorkflowDsl.Rules
{
    /// <summary>The ids of the rules a workflow definition must follow. Compile-time diagnostics and
    /// run-time definition errors use the same ids; each has a page in <c>docs/diagnostics/</c>.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class RuleIds
    {
        /// <summary>The workflow names no content, or a content id is blank.</summary>
        public const string NoContents = "WFDSL001";
        /// <summary>The workflow has no Message step.</summary>
        public const string NoMessageStep = "WFDSL002";
        /// <summary>A delay is zero or negative.</summary>
        public const string DelayNotPositive = "WFDSL003";
        /// <summary>A repeat count is outside 1..10.</summary>
        public const string RepeatCountOutOfRange = "WFDSL004";
        /// <summary>DelayAndRepeat has no earlier Message step to repeat.</summary>
        public const string RepeatWithoutMessage = "WFDSL005";
        /// <summary>A Message step has no channel.</summary>
        public const string MessageWithoutChannel = "WFDSL006";
        /// <summary>The workflow ends with a delay, which has no effect.</summary>
        public const string TrailingDelay = "WFDSL007";
        /// <summary>Two delays follow each other; they can be merged.</summary>
        public const string ConsecutiveDelays = "WFDSL008";
        /// <summary>The workflow id is not kebab-case.</summary>
        public const string InvalidWorkflowId = "WFDSL009";
        /// <summary>Two workflows in one compilation share an id.</summary>
        public const string DuplicateWorkflowId = "WFDSL010";
        /// <summary>Two steps of one workflow share a key, or a key is not kebab-case.</summary>
        public const string DuplicateStepKey = "WFDSL011";
        /// <summary>A value that must be a compile-time constant is not.</summary>
        public const string NotConstant = "WFDSL012";
        /// <summary>An SMS text is longer than the configured number of segments.</summary>
        public const string SmsTooLong = "WFDSL013";
        /// <summary>A template uses a placeholder that does not exist.</summary>
        public const string UnknownPlaceholder = "WFDSL014";
        /// <summary>The schedule's cron expression is invalid.</summary>
        public const string InvalidCron = "WFDSL015";
        /// <summary>The schedule's time-zone id is not an IANA time-zone id.</summary>
        public const string UnknownTimeZone = "WFDSL016";
        /// <summary>A manager or HR partner message uses a template without the digest list.</summary>
        public const string DigestWithoutUserList = "WFDSL017";
        /// <summary>The generator cannot follow the definition's shape.</summary>
        public const string UnsupportedShape = "WFDSL018";
        /// <summary>A message step names a template that is not defined.</summary>
        public const string UnknownTemplate = "WFDSL019";
        /// <summary>A class marked [Workflow] or [MessageTemplate] container is not static partial, or a template id is invalid or duplicated.</summary>
        public const string InvalidDeclaration = "WFDSL020";
        /// <summary>The generator read the definition by its spelling differently from what the compiler binds.</summary>
        public const string SpellingDisagreesWithBinding = "WFDSL021";
        /// <summary>The generator was not sure of the definition's syntax: its plan is built at start-up.</summary>
        public const string NotPrecompiled = "WFDSL022";
        /// <summary>A delay is not a whole number of minutes (the smallest unit of a delay).</summary>
        public const string DelayFinerThanMinute = "WFDSL023";
        /// <summary>A recipient or channels value that the Recipient or Channel enum does not define.</summary>
        public const string UndefinedEnumValue = "WFDSL024";
        /// <summary>Two or more steps without an explicit key derive keys from one base (<c>remind</c>, <c>remind-2</c>): their keys move when those steps are reordered or one is inserted before them.</summary>
        public const string DerivedKeysCollide = "WFDSL025";
        /// <summary>A template text is not valid Liquid, uses an unknown filter, includes or renders a file, or nests blocks too deep.</summary>
        public const string TemplateNotValidLiquid = "WFDSL030";
        /// <summary>A template uses a variable its recipient does not have: <c>user</c> in a digest, <c>users</c> in a message to the user.</summary>
        public const string TemplateVariableNotSetForRecipient = "WFDSL031";
    }
}
