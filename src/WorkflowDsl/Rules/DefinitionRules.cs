using System;
using System.Collections.Generic;
using System.Text;

namespace WorkflowDsl.Rules
{
    /// <summary>The one place that knows which step sequences, ids and keys are valid, and how step
    /// keys are derived. The source generator reports these violations as diagnostics at the offending
    /// argument; the run-time builder throws them as a <c>WorkflowDefinitionException</c>.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class DefinitionRules
    {
        /// <summary>Fewest repeats a DelayAndRepeat step accepts (<see cref="StepCatalog.MinRepeat"/>).</summary>
        public const int MinRepeat = StepCatalog.MinRepeat;
        /// <summary>Most repeats a DelayAndRepeat step accepts (<see cref="StepCatalog.MaxRepeat"/>).</summary>
        public const int MaxRepeat = StepCatalog.MaxRepeat;

        /// <summary>Checks the workflow id (kebab-case).</summary>
        public static List<RuleViolation> CheckWorkflowId(string? id)
        {
            var result = new List<RuleViolation>();
            if (!Kebab.IsValid(id))
            {
                result.Add(new RuleViolation(RuleIds.InvalidWorkflowId, true, -1, "id",
                    "Workflow id '" + (id ?? "") + "' is not kebab-case: use 1-" + Kebab.MaxLength +
                    " lower-case letters, digits and single hyphens, starting with a letter (for example 'security-awareness')."));
            }
            return result;
        }

        /// <summary>Checks the content ids: at least one, none blank. The argument names the index of a blank id ("contents[1]").</summary>
        public static List<RuleViolation> CheckContents(IReadOnlyList<string?> contents)
        {
            var result = new List<RuleViolation>();
            if (contents.Count == 0)
            {
                result.Add(new RuleViolation(RuleIds.NoContents, true, -1, "contents",
                    "The workflow names no content: call ForContents(\"CONTENT-ID\", ...) with the ids of the trainings it invites to."));
            }
            for (int i = 0; i < contents.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(contents[i]))
                {
                    result.Add(new RuleViolation(RuleIds.NoContents, true, -1, "contents[" + i + "]",
                        "Content id " + (i + 1) + " is blank: give the id of a training, or remove the argument."));
                }
            }
            return result;
        }

        /// <summary>Checks the steps and their keys (as derived by <see cref="DeriveKeys"/>).</summary>
        public static List<RuleViolation> CheckSteps(IReadOnlyList<StepShape> steps)
        {
            var result = new List<RuleViolation>();
            bool anyMessage = false;
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                switch (step.Kind)
                {
                    case StepKind.Message:
                        if (!StepCatalog.IsDefined(step.Recipient))
                        {
                            result.Add(new RuleViolation(RuleIds.UndefinedEnumValue, true, i, "recipient",
                                "Step " + (i + 1) + " (" + step.Verb + ") sends to (Recipient)" + (int)step.Recipient + ", which Recipient does not define: use Recipient.User, Recipient.Manager or Recipient.HrPartner."));
                        }
                        int undefinedBits = StepCatalog.UndefinedChannelBits(step.Channels);
                        if (undefinedBits != 0)
                        {
                            result.Add(new RuleViolation(RuleIds.UndefinedEnumValue, true, i, "channels",
                                "Step " + (i + 1) + " (" + step.Verb + ") has channels (Channel)" + (int)step.Channels + ", which sets bits that Channel does not define (" + undefinedBits +
                                "): use Channel.Email, Channel.Push, Channel.Sms or a combination such as Channel.Email | Channel.Push."));
                        }
                        else if ((step.Channels & StepCatalog.AllChannels) == 0)
                        {
                            result.Add(new RuleViolation(RuleIds.MessageWithoutChannel, true, i, "channels",
                                "Step " + (i + 1) + " (" + step.Verb + ") has no channel: pass Channel.Email, Channel.Push, Channel.Sms or a combination such as Channel.Email | Channel.Push."));
                        }
                        anyMessage = true;
                        break;
                    case StepKind.Delay:
                    case StepKind.DelayAndRepeat:
                        if (step.DurationTicks <= 0)
                        {
                            result.Add(new RuleViolation(RuleIds.DelayNotPositive, true, i, "duration",
                                "Step " + (i + 1) + " (" + step.Verb + ") waits " + DurationText.Describe(step.DurationTicks) + ": a delay must be positive, for example 7.Days()."));
                        }
                        else if (!StepCatalog.IsWholeMinutes(step.DurationTicks))
                        {
                            result.Add(new RuleViolation(RuleIds.DelayFinerThanMinute, true, i, "duration",
                                "Step " + (i + 1) + " (" + step.Verb + ") waits " + DurationText.Describe(step.DurationTicks) + " (" + DurationText.Minutes(step.DurationTicks) +
                                " minutes), which is not a whole number of minutes: the smallest unit of a delay is one minute, so round it, for example to " + DurationText.Suggestion(step.DurationTicks) + "."));
                        }
                        if (step.Kind == StepKind.DelayAndRepeat)
                        {
                            if (step.Times < MinRepeat || step.Times > MaxRepeat)
                            {
                                result.Add(new RuleViolation(RuleIds.RepeatCountOutOfRange, true, i, "times",
                                    "Step " + (i + 1) + " repeats " + step.Times + " times: the repeat count must be between " + MinRepeat + " and " + MaxRepeat + "."));
                            }
                            if (!anyMessage)
                            {
                                result.Add(new RuleViolation(RuleIds.RepeatWithoutMessage, true, i, "",
                                    "Step " + (i + 1) + " (WaitAndRepeat) has no earlier message to repeat: put a message step (Invite, Remind, ...) before it, or use Wait."));
                            }
                        }
                        else if (i > 0 && steps[i - 1].Kind == StepKind.Delay)
                        {
                            result.Add(new RuleViolation(RuleIds.ConsecutiveDelays, false, i, "",
                                "Steps " + i + " and " + (i + 1) + " are consecutive delays (" + DurationText.Describe(steps[i - 1].DurationTicks) + " and " + DurationText.Describe(step.DurationTicks) + "): merge them into one Wait."));
                        }
                        if (step.Kind == StepKind.Delay && i == steps.Count - 1)
                        {
                            result.Add(new RuleViolation(RuleIds.TrailingDelay, false, i, "",
                                "The last step waits " + DurationText.Describe(step.DurationTicks) + " with nothing after it, which has no effect: remove it, or add the message that should follow."));
                        }
                        break;
                }
            }
            if (!anyMessage)
            {
                result.Add(new RuleViolation(RuleIds.NoMessageStep, true, -1, "",
                    "The workflow has no message step: add at least one, such as .Invite(Channel.Email)."));
            }

            var keys = DeriveKeys(steps);
            for (int i = 0; i < steps.Count; i++)
            {
                string? explicitKey = steps[i].ExplicitKey;
                if (explicitKey != null && !Kebab.IsValid(explicitKey))
                {
                    result.Add(new RuleViolation(RuleIds.DuplicateStepKey, true, i, "key",
                        "Step key '" + explicitKey + "' is not kebab-case: use lower-case letters, digits and single hyphens, starting with a letter."));
                    continue;
                }
                // A workflow has a handful of steps: a scan of the earlier keys is cheaper than a dictionary.
                int first = FirstValidKey(steps, keys, keys[i], i);
                if (first >= 0)
                {
                    result.Add(new RuleViolation(RuleIds.DuplicateStepKey, true, i, explicitKey != null ? "key" : "",
                        "Step " + (i + 1) + " has key '" + keys[i] + "', which step " + (first + 1) + " already has: give one of them a different key (key: \"...\")."));
                }
            }
            CheckMovableKeys(steps, keys, result);
            return result;
        }

        /// <summary>WFDSL025 (a warning): every step without an explicit key whose derived base key another
        /// step without an explicit key shares. <see cref="DeriveKeys"/> numbers those steps "-2", "-3", ...
        /// in order, so reordering them, or inserting one of their kind before them, moves their keys (all
        /// of them: swapping two swaps both keys). Explicitly keyed steps do not take part in the numbering:
        /// a derived key suffixed only because an explicit key took its base does not move when steps are
        /// reordered or inserted, so it is not reported. The suggested key is the current derived key, so
        /// writing it changes nothing.</summary>
        private static void CheckMovableKeys(IReadOnlyList<StepShape> steps, string[] keys, List<RuleViolation> result)
        {
            var baseKeys = new string?[steps.Count];
            for (int i = 0; i < steps.Count; i++)
            {
                if (steps[i].ExplicitKey == null) baseKeys[i] = BaseKey(steps[i]);
            }
            for (int i = 0; i < steps.Count; i++)
            {
                if (baseKeys[i] == null) continue;
                bool shared = false;
                for (int j = 0; j < steps.Count && !shared; j++)
                {
                    shared = j != i && string.Equals(baseKeys[j], baseKeys[i], StringComparison.Ordinal);
                }
                if (!shared) continue;
                result.Add(new RuleViolation(RuleIds.DerivedKeysCollide, false, i, "",
                    "Step " + (i + 1) + " (" + steps[i].Verb + ") has the derived key '" + keys[i] + "', which moves if steps of its kind are reordered or one is inserted before it: give it an explicit key, e.g. key: \"" + keys[i] + "\".",
                    keys[i]));
            }
        }

        /// <summary>The first step before <paramref name="before"/> whose key is <paramref name="key"/>,
        /// among those whose explicit key (if any) is valid; -1 when there is none.</summary>
        private static int FirstValidKey(IReadOnlyList<StepShape> steps, string[] keys, string key, int before)
        {
            for (int j = 0; j < before; j++)
            {
                string? explicitKey = steps[j].ExplicitKey;
                if (explicitKey != null && !Kebab.IsValid(explicitKey)) continue;
                if (string.Equals(keys[j], key, StringComparison.Ordinal)) return j;
            }
            return -1;
        }

        /// <summary>The steps' keys: the explicit key where given, otherwise derived from the verb
        /// (and the duration or template), numbered "-2", "-3", ... for later occurrences of the same
        /// derived key. Derived keys do not depend on the position of unrelated steps, so adding or
        /// removing a step of another kind leaves them unchanged.</summary>
        public static string[] DeriveKeys(IReadOnlyList<StepShape> steps)
        {
            var keys = new string[steps.Count];
            // Per step, its derived base key and how many times that base key has been numbered so far
            // (a workflow has a handful of steps: scanning the earlier ones is cheaper than a dictionary).
            var baseKeys = new string?[steps.Count];
            var counts = new int[steps.Count];
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                if (step.ExplicitKey != null)
                {
                    keys[i] = step.ExplicitKey;
                    continue;
                }
                string baseKey = BaseKey(step);
                int count = 0;
                for (int j = i - 1; j >= 0; j--)
                {
                    if (baseKeys[j] != null && string.Equals(baseKeys[j], baseKey, StringComparison.Ordinal))
                    {
                        count = counts[j];
                        break;
                    }
                }
                string candidate;
                do
                {
                    count++;
                    candidate = count == 1 ? baseKey : baseKey + "-" + count;
                }
                while (Array.IndexOf(keys, candidate, 0, i) >= 0);
                baseKeys[i] = baseKey;
                counts[i] = count;
                keys[i] = candidate;
            }
            return keys;
        }

        /// <summary>The steps without the one whose key is <paramref name="key"/>, the remaining keys
        /// pinned so removing a step does not renumber the others; null when no step has that key.</summary>
        public static List<StepShape>? RemoveStep(IReadOnlyList<StepShape> steps, string key)
        {
            var keys = DeriveKeys(steps);
            int index = Array.IndexOf(keys, key);
            if (index < 0) return null;
            var result = new List<StepShape>();
            for (int i = 0; i < steps.Count; i++)
            {
                if (i == index) continue;
                var s = steps[i];
                result.Add(s.WithKey(keys[i]));
            }
            return result;
        }

        private static string BaseKey(StepShape step)
        {
            switch (step.Kind)
            {
                case StepKind.Delay:
                    return "wait-" + DurationText.Short(step.DurationTicks);
                case StepKind.DelayAndRepeat:
                    return "repeat-" + DurationText.Short(step.DurationTicks) + "-x" + step.Times;
                default:
                    if (step.Verb != "message") return step.Verb;
                    var key = new StringBuilder("message-");
                    key.Append(StepCatalog.RecipientSlug(step.Recipient));
                    if (!string.IsNullOrEmpty(step.TemplateId)) key.Append('-').Append(step.TemplateId);
                    return key.ToString();
            }
        }

    }
}
