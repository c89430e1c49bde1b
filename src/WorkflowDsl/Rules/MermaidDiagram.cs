using System.Collections.Generic;
using System.Text;

namespace WorkflowDsl.Rules
{
    /// <summary>Renders a workflow's steps as a Mermaid flowchart. The generator emits this text at
    /// compile time and the run-time plan renders the same text, so both come from here.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class MermaidDiagram
    {
        /// <summary>Renders the diagram; <paramref name="keys"/> are the steps' keys.</summary>
        public static string Render(string name, IReadOnlyList<StepShape> steps, IReadOnlyList<string> keys)
        {
            // About 100 characters a step: room enough that the buffer is rarely copied as it grows.
            var text = TextBuffers.Acquire(64 + name.Length + steps.Count * 128);
            text.Append("flowchart TD\n");
            text.Append("    start([\"").Append(Escape(name)).Append("\"])\n");
            string previous = "start";
            int lastMessage = -1;
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                string node = "s" + (i + 1);
                text.Append("    ").Append(node);
                switch (step.Kind)
                {
                    case StepKind.Message:
                        text.Append("[\"").Append(Escape(StepCatalog.RecipientName(step.Recipient)))
                            .Append(": ").Append(Escape(step.TemplateId ?? ""))
                            .Append("<br/>").Append(StepCatalog.ChannelNames(step.Channels))
                            .Append("<br/><small>").Append(Escape(keys[i])).Append("</small>\"]\n");
                        lastMessage = i;
                        break;
                    case StepKind.Delay:
                        text.Append("{{\"Wait ").Append(DurationText.Describe(step.DurationTicks))
                            .Append("<br/><small>").Append(Escape(keys[i])).Append("</small>\"}}\n");
                        break;
                    default:
                        text.Append("{{\"Wait ").Append(DurationText.Describe(step.DurationTicks))
                            .Append(", repeat ").Append(step.Times).Append(step.Times == 1 ? " time" : " times")
                            .Append("<br/><small>").Append(Escape(keys[i])).Append("</small>\"}}\n");
                        break;
                }
                text.Append("    ").Append(previous).Append(" --> ").Append(node).Append('\n');
                if (step.Kind == StepKind.DelayAndRepeat && lastMessage >= 0)
                {
                    text.Append("    ").Append(node).Append(" -. \"repeat\" .-> s").Append(lastMessage + 1).Append('\n');
                }
                previous = node;
            }
            text.Append("    done([\"Done\"])\n");
            text.Append("    ").Append(previous).Append(" --> done\n");
            return TextBuffers.Release(text);
        }

        private static string Escape(string value) => value.Replace("\"", "#quot;");
    }
}
