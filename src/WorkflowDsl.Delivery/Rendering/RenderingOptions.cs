using WorkflowDsl.Rules;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>The limits of one render (section <c>WorkflowDsl:Delivery:Rendering</c>). A render that breaks
/// one fails that one message permanently with the reason; every other message is still sent. Validated
/// when the host starts (<see cref="Validate"/>); docs/templates.md has the defaults and why.</summary>
public sealed class RenderingOptions
{
    /// <summary>Most Liquid steps (statements, loop iterations) per text: 100,000. Stops a loop over a
    /// huge range, such as <c>{% for i in (1..1000000) %}</c>, whether or not it writes anything.</summary>
    public int MaxSteps { get; set; } = 100_000;

    /// <summary>Deepest nesting of blocks (<c>if</c>, <c>for</c>, ...) in a text: 32, at most
    /// <see cref="LiquidCheck.MaxDepthLimit"/> (100). Deeper texts are refused before parsing, so the Liquid
    /// parser's recursion cannot exhaust the stack (which would stop the process).</summary>
    public int MaxRecursion { get; set; } = LiquidCheck.DefaultMaxDepth;

    /// <summary>Most characters one text may render to: 262,144 (256 Ki). An email body larger than that is
    /// not a message anybody reads.</summary>
    public int MaxOutputChars { get; set; } = 256 * 1024;

    /// <summary>Longest time one message's texts may take to render: 2 seconds. Checked each time the render
    /// writes output and between texts; work that writes nothing is bounded by <see cref="MaxSteps"/>.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Every problem with the settings, each naming the setting, its value and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = "WorkflowDsl:Delivery:Rendering")
    {
        if (MaxSteps < 1)
            yield return $"{section}:MaxSteps is {MaxSteps}: give the most Liquid steps one text may take, at least 1 (default 100000).";
        if (MaxRecursion < 1 || MaxRecursion > LiquidCheck.MaxDepthLimit)
            yield return $"{section}:MaxRecursion is {MaxRecursion}: give the deepest nesting of blocks, 1 to {LiquidCheck.MaxDepthLimit} (default {LiquidCheck.DefaultMaxDepth}).";
        if (MaxOutputChars < 1)
            yield return $"{section}:MaxOutputChars is {MaxOutputChars}: give the most characters one text may render to, at least 1 (default 262144).";
        if (TimeLimit <= TimeSpan.Zero || TimeLimit > TimeSpan.FromMinutes(1))
            yield return $"{section}:TimeLimit is {TimeLimit}: give the longest time one message may take to render, more than 0 and at most 00:01:00 (default 00:00:02).";
    }
}
