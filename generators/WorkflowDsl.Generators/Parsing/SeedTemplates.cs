using System.Collections.Generic;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The seed templates (<c>Workflow.Invitation</c>, <c>InvitationWithReminder</c>,
    /// <c>InvitationWithReminders</c>): the same steps the run-time methods on Workflow add. One place
    /// for both readers (the analyzer's <see cref="WorkflowParser"/> and the generator's <see cref="SyntaxReader"/>).</summary>
    internal static class SeedTemplates
    {
        /// <summary>One step a seed template adds.</summary>
        internal sealed class SeedStep
        {
            public SeedStep(StepShape shape, bool usesSeedArguments)
            {
                Shape = shape;
                UsesSeedArguments = usesSeedArguments;
            }

            public StepShape Shape { get; }

            /// <summary>True when the step takes the seed call's channels and delay (diagnostics about
            /// the step go to those arguments); false for the manager digest, which always goes by email.</summary>
            public bool UsesSeedArguments { get; }
        }

        /// <summary>True for Workflow.Named and the seed templates.</summary>
        public static bool IsStart(string methodName) =>
            methodName == "Named" || methodName == "Invitation" || methodName == "InvitationWithReminder" || methodName == "InvitationWithReminders";

        /// <summary>True when the start method takes a delay argument.</summary>
        public static bool HasDelay(string methodName) => methodName == "InvitationWithReminder" || methodName == "InvitationWithReminders";

        /// <summary>The steps the start method adds (none for Named); null for a method that is not a start method.</summary>
        /// <param name="methodName">Named, Invitation, InvitationWithReminder or InvitationWithReminders.</param>
        /// <param name="channels">The seed call's channels.</param>
        /// <param name="delayTicks">The seed call's delay (ignored by Invitation).</param>
        /// <param name="defaultTemplate">The default template of a step method (Invite, Remind,
        /// RemindManager): the parameter's default value in the DSL.</param>
        public static List<SeedStep>? Expand(string methodName, int channels, long delayTicks, System.Func<string, string> defaultTemplate)
        {
            if (!IsStart(methodName)) return null;
            var steps = new List<SeedStep>();
            if (methodName == "Named") return steps;
            steps.Add(new SeedStep(StepCatalog.Verb("Invite").Make(null, default, (Channel)channels, defaultTemplate("Invite"), 0, 0), true));
            if (methodName == "Invitation") return steps;
            steps.Add(new SeedStep(StepCatalog.Verb("Wait").Make(null, default, default, null, delayTicks, 0), true));
            steps.Add(new SeedStep(StepCatalog.Verb("Remind").Make(null, default, (Channel)channels, defaultTemplate("Remind"), 0, 0), true));
            if (methodName == "InvitationWithReminder") return steps;
            // The manager digest always goes by email (Workflow.InvitationWithReminders).
            steps.Add(new SeedStep(StepCatalog.Verb("RemindManager").Make(null, default, Channel.Email, defaultTemplate("RemindManager"), 0, 0), false));
            return steps;
        }

        /// <summary>The built-in fallback for a step method's default template.</summary>
        public static string FallbackTemplate(string methodName) =>
            StepCatalog.FindVerb(methodName)?.DefaultTemplate ?? StepCatalog.ManagerNotificationTemplate;
    }
}
