using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Where a step's diagnostics go: its call (from the method name to the closing
    /// parenthesis; a seed template's steps, the seed call), or the argument a rule names.</summary>
    internal sealed class StepSite
    {
        public StepSite(Location call, Dictionary<string, Location> arguments, bool templateWritten)
        {
            Call = call;
            Arguments = arguments;
            TemplateWritten = templateWritten;
        }

        public Location Call { get; }
        public Dictionary<string, Location> Arguments { get; }
        public bool TemplateWritten { get; }

        public Location At(string argument) =>
            argument.Length > 0 && Arguments.TryGetValue(argument, out var location) ? location : Call;
    }

    /// <summary>Where a definition's diagnostics go, and the checks of the declaration and of the whole
    /// definition with their messages: one place for the syntax reader (the analyzer's reading) and the
    /// binding parser (where the analyzer binds), so both report the same ids, spans and messages.</summary>
    internal sealed class DefinitionSites
    {
        /// <summary>The chain's first call: rules about the whole workflow point there.</summary>
        public Location? Start { get; set; }

        /// <summary>One per step, in the order of the steps.</summary>
        public List<StepSite> Steps { get; } = new List<StepSite>();

        public List<Location> ContentLocations { get; set; } = new List<Location>();
        public Location? ContentsCall { get; set; }
        public Location? Cron { get; set; }
        public Location? TimeZone { get; set; }

        /// <summary>WFDSL020 for a [Workflow] class, or a class around it, that is not partial or is
        /// file-local (the generated plan is another part of it, the registry another file); false when any.</summary>
        public static bool CheckDeclarations(ClassDeclarationSyntax declaration, DiagnosticCollector? diagnostics)
        {
            bool ok = true;
            for (SyntaxNode? node = declaration; node != null; node = node.Parent)
            {
                if (!(node is TypeDeclarationSyntax type)) continue;
                if (type.Modifiers.Any(SyntaxKind.FileKeyword))
                {
                    // A file-local type has a name only its own file can use: the generated plan and the
                    // registry live in other files.
                    diagnostics?.Add(DiagnosticDescriptors.InvalidDeclaration, type.Identifier.GetLocation(),
                        "Type '" + type.Identifier.Text + "' is file-local ('file'), so the generated plan and the GeneratedWorkflows registry, which live in other files, cannot name " +
                        (type == declaration ? "it" : "the [Workflow] class '" + declaration.Identifier.Text + "' in it") + ": remove 'file' (make it internal or public).");
                    ok = false;
                    continue;
                }
                if (type.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
                diagnostics?.Add(DiagnosticDescriptors.InvalidDeclaration, type.Identifier.GetLocation(), type == declaration
                    ? "Class '" + type.Identifier.Text + "' is marked [Workflow] but is not partial: the generator adds the workflow's plan as another part of it, so declare it 'static partial class " + type.Identifier.Text + "'."
                    : "Type '" + type.Identifier.Text + "' contains the [Workflow] class '" + declaration.Identifier.Text + "' but is not partial: the generated part of the workflow class is nested in it, so declare it partial.");
                ok = false;
            }
            return ok;
        }

        /// <summary>The rules of the whole definition, after its calls were read: contents, steps,
        /// schedule. Adds their diagnostics where <paramref name="sites"/> says (both null for the
        /// generator, which needs only the verdict); false when any is an error.</summary>
        public static bool CheckRules(DefinitionSites? sites, DiagnosticCollector? diagnostics, ClassDeclarationSyntax declaration,
            IReadOnlyList<string> contents, IReadOnlyList<StepShape> steps, bool hasSchedule, string? cron, string? timeZone)
        {
            bool valid = true;
            Location? workflowLocation = diagnostics == null ? null : sites?.Start ?? declaration.Identifier.GetLocation();
            foreach (var violation in DefinitionRules.CheckContents(contents))
            {
                diagnostics?.Add(violation.RuleId, sites?.ContentsLocation(violation.Argument) ?? workflowLocation, violation.Message);
                valid &= !violation.IsError;
            }
            foreach (var violation in DefinitionRules.CheckSteps(steps))
            {
                var site = sites != null && violation.StepIndex >= 0 && violation.StepIndex < sites.Steps.Count ? sites.Steps[violation.StepIndex] : null;
                // WFDSL025 is not reported for a seed template's steps: they come first, so nothing can be
                // inserted before them, and their call cannot take a key; keying the later steps of their
                // kind settles the warning.
                if (violation.RuleId == RuleIds.DerivedKeysCollide && (site == null || sites!.IsSeedStep(site))) continue;
                diagnostics?.Add(violation.RuleId, site != null ? site.At(violation.Argument) : workflowLocation, violation.Message, violation.SuggestedKey);
                valid &= !violation.IsError;
            }
            if (hasSchedule && CronSyntax.Validate(cron) is string cronError)
            {
                diagnostics?.Add(DiagnosticDescriptors.InvalidCron, sites?.Cron, cronError);
                valid = false;
            }
            if (hasSchedule && !IanaTimeZones.IsKnown(timeZone))
            {
                diagnostics?.Add(DiagnosticDescriptors.UnknownTimeZone, sites?.TimeZone,
                    "Time zone '" + timeZone + "' is not an IANA time-zone id: use one such as \"Europe/Helsinki\" or \"UTC\".");
                valid = false;
            }
            return valid;
        }

        /// <summary>True for a step a seed template added: its diagnostics point at the seed call, the chain's first call.</summary>
        public bool IsSeedStep(StepSite site) => Start != null && site.Call.Equals(Start);

        private Location? ContentsLocation(string argument)
        {
            if (argument.StartsWith("contents[", StringComparison.Ordinal) && argument.EndsWith("]", StringComparison.Ordinal)
                && int.TryParse(argument.Substring(9, argument.Length - 10), out int index) && index >= 0 && index < ContentLocations.Count)
                return ContentLocations[index];
            return ContentsCall;
        }

        /// <summary>The message steps, for WFDSL017 and WFDSL019: at the template argument, or the step's call when none is written.</summary>
        public List<MessageStepUse> MessageSteps(IReadOnlyList<StepShape> steps)
        {
            var result = new List<MessageStepUse>();
            for (int i = 0; i < steps.Count && i < Steps.Count; i++)
            {
                var step = steps[i];
                if (step.Kind == StepKind.Message && step.TemplateId != null)
                    result.Add(new MessageStepUse(step.TemplateId, (int)step.Recipient, (int)step.Channels, Steps[i].At(Steps[i].TemplateWritten ? "template" : "")));
            }
            return result;
        }

        /// <summary>WFDSL011 for RemoveStep of a key no step has.</summary>
        public static string NoSuchStepMessage(string? key, string[] keys) =>
            "No step has key '" + key + "'. The steps' keys are: " + (keys.Length == 0 ? "(none)" : string.Join(", ", keys)) + ".";

        /// <summary>WFDSL012 for a duration that does not fit a TimeSpan.</summary>
        public static string TooLongMessage(string parameter, InvocationExpressionSyntax call) =>
            "The " + parameter + " argument of " + MethodName(call) + "() does not fit a TimeSpan: use a smaller number.";

        /// <summary>The called method's name as written.</summary>
        public static string MethodName(InvocationExpressionSyntax call) =>
            call.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.Text : call.Expression.ToString();
    }
}
