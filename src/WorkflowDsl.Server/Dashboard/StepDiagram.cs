using System.Globalization;
using System.Net;
using System.Text;
using WorkflowDsl.Plan;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Server.Dashboard;

/// <summary>A workflow's steps as server-rendered SVG, from its plan: a start, each Message step (recipient,
/// channels, template), each Delay (its duration), each DelayAndRepeat with a loop back to the message it
/// repeats, and an end. A text list of the steps sits beside it on the page for screen readers.</summary>
internal static class StepDiagram
{
    private const int Width = 460, BoxWidth = 300, BoxX = 60, Gap = 34, MessageHeight = 70, DelayHeight = 48, Circle = 16;

    /// <summary>The SVG markup (text is HTML-encoded).</summary>
    public static string Svg(WorkflowPlan plan)
    {
        var body = new StringBuilder();
        int y = 12;
        int cx = BoxX + BoxWidth / 2;
        body.Append(Fmt($"<circle cx=\"{cx}\" cy=\"{y + Circle}\" r=\"{Circle}\" class=\"start\"/><text x=\"{cx}\" y=\"{y + Circle + 5}\" text-anchor=\"middle\" class=\"small light\">Start</text>"));
        y += 2 * Circle;
        int? lastMessageMid = null;
        foreach (var step in plan.Steps)
        {
            body.Append(Arrow(cx, y, y + Gap));
            y += Gap;
            switch (step)
            {
                case MessageStep m:
                    body.Append(Fmt($"<rect x=\"{BoxX}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{MessageHeight}\" rx=\"6\" class=\"message\"/>"));
                    body.Append(Text(cx, y + 22, $"Message to {RecipientText(m.Recipient)}", "strong"));
                    body.Append(Text(cx, y + 42, $"by {ChannelText(m.Channels)}", ""));
                    body.Append(Text(cx, y + 60, $"template {m.TemplateId}", "small"));
                    lastMessageMid = y + MessageHeight / 2;
                    y += MessageHeight;
                    break;
                case DelayStep d:
                    body.Append(Fmt($"<rect x=\"{BoxX + 40}\" y=\"{y}\" width=\"{BoxWidth - 80}\" height=\"{DelayHeight}\" rx=\"24\" class=\"delay\"/>"));
                    body.Append(Text(cx, y + 30, $"Wait {DurationText.Describe(d.Duration.Ticks)}", "strong"));
                    y += DelayHeight;
                    break;
                case DelayAndRepeatStep r:
                    body.Append(Fmt($"<rect x=\"{BoxX + 40}\" y=\"{y}\" width=\"{BoxWidth - 80}\" height=\"{DelayHeight}\" rx=\"24\" class=\"delay\"/>"));
                    body.Append(Text(cx, y + 21, $"Wait {DurationText.Describe(r.Duration.Ticks)}", "strong"));
                    body.Append(Text(cx, y + 39, $"then repeat, {r.Times} time{(r.Times == 1 ? "" : "s")}", "small"));
                    if (lastMessageMid is { } target)
                    {
                        // The loop: from the delay's right side out, up, and back into the message it repeats.
                        int fromY = y + DelayHeight / 2, right = BoxX + BoxWidth + 40;
                        body.Append(Fmt($"<path d=\"M {BoxX + BoxWidth - 40} {fromY} H {right} V {target} H {BoxX + BoxWidth + 2}\" class=\"loop\" marker-end=\"url(#arrow)\"/>"));
                        body.Append(Fmt($"<text x=\"{right + 6}\" y=\"{(fromY + target) / 2}\" class=\"small\" transform=\"rotate(90 {right + 6} {(fromY + target) / 2})\" text-anchor=\"middle\">repeat ×{r.Times}</text>"));
                    }
                    y += DelayHeight;
                    break;
            }
        }
        body.Append(Arrow(cx, y, y + Gap));
        y += Gap;
        body.Append(Fmt($"<circle cx=\"{cx}\" cy=\"{y + Circle}\" r=\"{Circle}\" class=\"end\"/><text x=\"{cx}\" y=\"{y + Circle + 5}\" text-anchor=\"middle\" class=\"small light\">End</text>"));
        y += 2 * Circle + 12;

        string title = WebUtility.HtmlEncode($"Steps of {plan.Name}");
        return Fmt($$"""
            <svg xmlns="http://www.w3.org/2000/svg" class="diagram" id="diagram" viewBox="0 0 {{Width}} {{y}}" width="{{Width}}" height="{{y}}" role="img" aria-labelledby="diagram-title">
            <title id="diagram-title">{{title}} (the same steps are listed as text beside the diagram)</title>
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#34495e"/></marker></defs>
            <style>
            .message { fill: #e3efff; stroke: #0b5cad; stroke-width: 1.5; }
            .delay { fill: #fff4de; stroke: #7a4d00; stroke-width: 1.5; stroke-dasharray: 5 3; }
            .start { fill: #1e6b34; } .end { fill: #34495e; }
            .edge, .loop { stroke: #34495e; stroke-width: 1.5; fill: none; }
            .loop { stroke-dasharray: 4 3; }
            text { font: 14px system-ui, sans-serif; fill: #1b1f24; }
            text.strong { font-weight: 600; } text.small { font-size: 12px; } text.light { fill: #fff; font-size: 10px; }
            </style>
            {{body}}
            </svg>
            """);
    }

    /// <summary>Who a message step goes to, in words.</summary>
    public static string RecipientText(Recipient recipient) => recipient switch
    {
        Recipient.Manager => "the manager (digest)",
        Recipient.HrPartner => "the HR partner (digest)",
        _ => "the user",
    };

    /// <summary>Channels in words ("Email, Push").</summary>
    public static string ChannelText(Channel channels) =>
        string.Join(", ", new[] { Channel.Email, Channel.Push, Channel.Sms }.Where(c => channels.HasFlag(c)).Select(c => c == Channel.Sms ? "SMS" : c.ToString()));

    private static string Arrow(int x, int from, int to) => Fmt($"<line x1=\"{x}\" y1=\"{from}\" x2=\"{x}\" y2=\"{to - 2}\" class=\"edge\" marker-end=\"url(#arrow)\"/>");

    private static string Text(int x, int y, string text, string css) =>
        Fmt($"<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\"{(css.Length > 0 ? $" class=\"{css}\"" : "")}>{WebUtility.HtmlEncode(text)}</text>");

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
