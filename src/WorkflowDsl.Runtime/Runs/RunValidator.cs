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
            foreach (var variant in template.Variants)
            {
                foreach (var text in Texts(variant.Content))
                foreach (var problem in TemplateSyntax.FindUnknownPlaceholders(text))
                    errors.Add($"WFRUN014: template '{template.Id}' ({variant.Language}) uses unknown variable '{problem.Path}': {problem.Message}");
            }
        }
        return new ValidationReport(errors.Distinct().ToList(), warnings);
    }

    private static IEnumerable<string> Texts(TemplateContent c) =>
        new[] { c.EmailSubject, c.EmailBody, c.PushTitle, c.PushBody, c.SmsText }.Where(t => t is not null)!;
}
