using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Diagnostics
{
    /// <summary>Every diagnostic the analyzer reports: one descriptor per rule id of
    /// <see cref="RuleIds"/>, each with a help page in docs/diagnostics. The message is the rule's own
    /// text (argument {0}), which names the offending value and says what to do.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string Category = "WorkflowDsl";

        /// <summary>Where each help page is, relative to the WorkflowDsl package's folder (the package ships
        /// the pages as docs/diagnostics/*.md) and to the repository's root; no host (README, "Diagnostics").</summary>
        public const string HelpBase = "docs/diagnostics/";

        // Declared before the descriptors: static fields initialize in text order.
        private static readonly string[] NoTags = new string[0];
        private static readonly string[] CompilationEndTags = { WellKnownDiagnosticTags.CompilationEnd };

        public static readonly DiagnosticDescriptor NoContents = new DiagnosticDescriptor(
            RuleIds.NoContents, "Workflow names no content", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL001.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor NoMessageStep = new DiagnosticDescriptor(
            RuleIds.NoMessageStep, "Workflow has no message step", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL002.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor DelayNotPositive = new DiagnosticDescriptor(
            RuleIds.DelayNotPositive, "Delay is not positive", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL003.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor RepeatCountOutOfRange = new DiagnosticDescriptor(
            RuleIds.RepeatCountOutOfRange, "Repeat count is outside 1..10", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL004.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor RepeatWithoutMessage = new DiagnosticDescriptor(
            RuleIds.RepeatWithoutMessage, "WaitAndRepeat has no earlier message to repeat", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL005.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor MessageWithoutChannel = new DiagnosticDescriptor(
            RuleIds.MessageWithoutChannel, "Message step has no channel", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL006.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor TrailingDelay = new DiagnosticDescriptor(
            RuleIds.TrailingDelay, "Workflow ends with a delay", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL007.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor ConsecutiveDelays = new DiagnosticDescriptor(
            RuleIds.ConsecutiveDelays, "Consecutive delays can be merged", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL008.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor InvalidWorkflowId = new DiagnosticDescriptor(
            RuleIds.InvalidWorkflowId, "Workflow id is not kebab-case", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL009.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor DuplicateWorkflowId = new DiagnosticDescriptor(
            RuleIds.DuplicateWorkflowId, "Workflow id is used twice", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL010.md", customTags: CompilationEndTags);
        public static readonly DiagnosticDescriptor DuplicateStepKey = new DiagnosticDescriptor(
            RuleIds.DuplicateStepKey, "Step key is duplicated, invalid or unknown", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL011.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor NotConstant = new DiagnosticDescriptor(
            RuleIds.NotConstant, "Value must be a compile-time constant", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL012.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor SmsTooLong = new DiagnosticDescriptor(
            RuleIds.SmsTooLong, "SMS text is too long", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL013.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor UnknownPlaceholder = new DiagnosticDescriptor(
            RuleIds.UnknownPlaceholder, "Template placeholder names no variable", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL014.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor InvalidCron = new DiagnosticDescriptor(
            RuleIds.InvalidCron, "Cron expression is invalid", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL015.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor UnknownTimeZone = new DiagnosticDescriptor(
            RuleIds.UnknownTimeZone, "Time zone is not an IANA time-zone id", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL016.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor DigestWithoutUserList = new DiagnosticDescriptor(
            RuleIds.DigestWithoutUserList, "Digest message template does not list the users", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL017.md", customTags: CompilationEndTags);
        public static readonly DiagnosticDescriptor UnsupportedShape = new DiagnosticDescriptor(
            RuleIds.UnsupportedShape, "The generator cannot follow this definition", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL018.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor UnknownTemplate = new DiagnosticDescriptor(
            RuleIds.UnknownTemplate, "Message template is not defined", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL019.md", customTags: CompilationEndTags);
        public static readonly DiagnosticDescriptor InvalidDeclaration = new DiagnosticDescriptor(
            RuleIds.InvalidDeclaration, "Workflow or template declaration is invalid", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL020.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor SpellingDisagreesWithBinding = new DiagnosticDescriptor(
            RuleIds.SpellingDisagreesWithBinding, "The generator's reading of the definition disagrees with the compiler's", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL021.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor NotPrecompiled = new DiagnosticDescriptor(
            RuleIds.NotPrecompiled, "Workflow is not precompiled", "{0}", Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL022.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor DelayFinerThanMinute = new DiagnosticDescriptor(
            RuleIds.DelayFinerThanMinute, "Delay is not a whole number of minutes", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL023.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor UndefinedEnumValue = new DiagnosticDescriptor(
            RuleIds.UndefinedEnumValue, "Recipient or channel value is not defined", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL024.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor DerivedKeysCollide = new DiagnosticDescriptor(
            RuleIds.DerivedKeysCollide, "Derived step key moves if steps of its kind are reordered", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL025.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor TemplateNotValidLiquid = new DiagnosticDescriptor(
            RuleIds.TemplateNotValidLiquid, "Template text is not valid Liquid, uses an unknown filter or includes a file", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL030.md", customTags: NoTags);
        public static readonly DiagnosticDescriptor TemplateVariableNotSetForRecipient = new DiagnosticDescriptor(
            RuleIds.TemplateVariableNotSetForRecipient, "Template uses a variable its recipient does not have", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + "WFDSL031.md", customTags: CompilationEndTags);

        /// <summary>All descriptors, in id order.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            NoContents, NoMessageStep, DelayNotPositive, RepeatCountOutOfRange, RepeatWithoutMessage, MessageWithoutChannel,
            TrailingDelay, ConsecutiveDelays, InvalidWorkflowId, DuplicateWorkflowId, DuplicateStepKey, NotConstant, SmsTooLong,
            UnknownPlaceholder, InvalidCron, UnknownTimeZone, DigestWithoutUserList, UnsupportedShape, UnknownTemplate, InvalidDeclaration,
            SpellingDisagreesWithBinding, NotPrecompiled, DelayFinerThanMinute, UndefinedEnumValue, DerivedKeysCollide,
            TemplateNotValidLiquid, TemplateVariableNotSetForRecipient,
        };

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = CreateIndex();

        /// <summary>The descriptor of a rule id, or null when the id is not one of ours.</summary>
        public static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;

        /// <summary>True when the rule is reported as an error.</summary>
        public static bool IsError(string id) => Find(id)?.DefaultSeverity == DiagnosticSeverity.Error;

        private static Dictionary<string, DiagnosticDescriptor> CreateIndex()
        {
            var index = new Dictionary<string, DiagnosticDescriptor>();
            foreach (var descriptor in All) index[descriptor.Id] = descriptor;
            return index;
        }

    }
}
