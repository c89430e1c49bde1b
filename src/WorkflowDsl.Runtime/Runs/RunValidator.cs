using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Rules;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>What run-time validation found: errors stop the run (and the schedule), warnings are listed.</summary>
/// <param name="Errors">Problems that stop the run.</param>
/// <param name="Warnings">Problems that do not.</param>
public sealed record ValidationReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when there are errors.</summary>
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>Checks what only the data can show, before anything is sent: unknown content ids, an
/// unknown owner, missing templates, templates without the texts a step's channels need, unknown
/// template variables, and (as warnings) users in the group without contact data or manager.</summary>
public static class RunValidator
{
    /// <summary>Validates <paramref name="plan"/> against the database and the template catalog.</summary>
    public static async Task<ValidationReport> ValidateAsync(WorkflowDbContext db, WorkflowPlan plan,
        IReadOnlyDictionary<string, MessageTemplate> templates, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var contents = plan.Contents.Distinct().ToList();
        var known = await db.Contents.Where(c => contents.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var missing in contents.Except(known))
            errors.Add($"WFRUN010: content '{missing}' is not in the directory: import it (contents.csv) or fix the id in ForContents.");

        if (plan.Owner is { } owner && !await db.Administrators.AnyAsync(a => a.Id == owner, cancellationToken))
            errors.Add($"WFRUN011: owner '{owner}' is not an administrator: import it (administrators.csv) or fix OwnedBy.");

        foreach (var step in plan.Steps.OfType<MessageStep>())
        {
            if (!templates.TryGetValue(step.TemplateId, out var template))
            {
                errors.Add($"WFRUN012: step '{step.Key}' uses template '{step.TemplateId}', which is not registered: add it to RunOptions.Templates or fix the template id.");
                continue;
            }
            foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms }.Where(c => step.Channels.HasFlag(c)))
            {
                foreach (var variant in template.Variants.Where(v => !v.Content.Supports(channel)))
                {
                    // Every language must carry the channel's texts, or its speakers would get nothing.
                    errors.Add($"WFRUN013: template '{template.Id}' ({variant.Language}) has no {channel} text, but step '{step.Key}' sends {channel}: add the {channel} text or drop the channel.");
                }
            }
            errors.AddRange(TemplateErrors(template, step));
        }
        return new ValidationReport(errors.Distinct().ToList(), warnings);
    }

    /// <summary>The errors of <paramref name="template"/>'s texts (every language and channel part) for the
    /// recipient of <paramref name="step"/>, as run validation reports them: WFRUN014 for a variable that does
    /// not exist or is not set for that recipient, WFRUN015 for Liquid syntax, unknown filters,
    /// <c>include</c>/<c>render</c> and too deep nesting; each with the template id, language, part and line:column.</summary>
    public static IEnumerable<string> TemplateErrors(MessageTemplate template, MessageStep step)
    {
        var audience = step.Recipient == Recipient.User ? TemplateAudience.User : TemplateAudience.Digest;
        foreach (var variant in template.Variants)
        {
            foreach (var (part, text) in Parts(variant.Content))
            {
                foreach (var error in LiquidCheck.Check(text, audience))
                {
                    string code = error.Kind == TemplateErrorKind.UnknownVariable ? "WFRUN014" : "WFRUN015";
                    string who = error.Kind == TemplateErrorKind.UnknownVariable && LiquidCheck.Check(text, TemplateAudience.Any).All(e => e.Offset != error.Offset)
                        ? $" (step '{step.Key}' sends it to the {(step.Recipient == Recipient.User ? "user" : step.Recipient == Recipient.Manager ? "manager" : "HR partner")})"
                        : "";
                    yield return $"{code}: template '{template.Id}' ({variant.Language}, {part}) line {error.Line}:{error.Column}: {error.Message}{who}";
                }
            }
        }
    }

    /// <summary>The template errors of every message step of <paramref name="plan"/> whose template is in
    /// <paramref name="templates"/>: what makes a workflow "have errors" without looking at the database.</summary>
    public static IReadOnlyList<string> TemplateErrors(WorkflowPlan plan, IReadOnlyDictionary<string, MessageTemplate> templates) =>
        plan.Steps.OfType<MessageStep>()
            .Where(s => templates.ContainsKey(s.TemplateId))
            .SelectMany(s => TemplateErrors(templates[s.TemplateId], s))
            .Distinct().ToList();

    /// <summary>The channel parts of a language's texts, named as errors and render failures name them.</summary>
    public static IEnumerable<(string Part, string Text)> Parts(TemplateContent c)
    {
        if (c.EmailSubject is not null) yield return ("email subject", c.EmailSubject);
        if (c.EmailBody is not null) yield return ("email body", c.EmailBody);
        if (c.PushTitle is not null) yield return ("push title", c.PushTitle);
        if (c.PushBody is not null) yield return ("push body", c.PushBody);
        if (c.SmsText is not null) yield return ("SMS text", c.SmsText);
    }
}
