using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WorkflowDsl.Generators.Tests.Robustness;

/// <summary>Broken and odd variants of a valid source, as an editor sees them while someone types:
/// truncated, a token deleted, a line duplicated, literals replaced. Deterministic and bounded.</summary>
internal static class Mutants
{
    private static readonly string[] StringReplacements =
        ["\"\"", "\" \"", "\"Bad Id!\"", "\"a\\\"b\\\\c\\n\"", "null", "\"" + new string('x', 400) + "\"", "$\"{1}\"", "\"\\u2028\\uD800\""];

    private static readonly string[] NumberReplacements = ["0", "-1", "11", "2147483647", "99999999999", "1.5", "int.MaxValue"];

    public static IEnumerable<(string Kind, string Source)> Of(string source, int truncations, int tokenDeletions, int lineDuplications)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var tokens = root.DescendantTokens().Where(t => t.Span.Length > 0).ToList();

        foreach (int i in Spread(source.Length, truncations))
            yield return ("truncate@" + i, source.Substring(0, i));

        foreach (int i in Spread(tokens.Count, tokenDeletions))
        {
            var token = tokens[i];
            yield return ($"delete '{token.Text}'@{token.SpanStart}", source.Remove(token.SpanStart, token.Span.Length));
        }

        var lines = source.Split('\n');
        foreach (int i in Spread(lines.Length, lineDuplications))
            yield return ("duplicate line " + (i + 1), string.Join("\n", lines.Take(i + 1).Concat(lines.Skip(i))));

        // Two replacements a string literal, rotating through the list, keep the count bounded.
        int literal = 0;
        foreach (var token in tokens.Where(t => t.IsKind(SyntaxKind.StringLiteralToken)))
        {
            foreach (var replacement in new[] { StringReplacements[literal % StringReplacements.Length], StringReplacements[(literal + 3) % StringReplacements.Length] })
                yield return ($"string {Short(token.Text)} -> {Short(replacement)}", Replace(source, token, replacement));
            literal++;
        }
        foreach (var token in tokens.Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)))
        {
            foreach (var replacement in NumberReplacements)
                yield return ($"number {token.Text}@{token.SpanStart} -> {replacement}", Replace(source, token, replacement));
        }
        foreach (var token in tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Text is "Email" or "Days" or "Define" or "Workflow" or "TargetGroup"))
        {
            string replacement = token.Text switch
            {
                "Email" => "None",
                "Days" => "Hours",
                "Define" => "Define2",
                "Workflow" => "Workflows",
                _ => "TargetGroups",
            };
            yield return ($"identifier {token.Text}@{token.SpanStart} -> {replacement}", Replace(source, token, replacement));
        }
    }

    private static string Replace(string source, SyntaxToken token, string replacement) =>
        source.Substring(0, token.SpanStart) + replacement + source.Substring(token.Span.End);

    private static string Short(string text) => text.Length > 20 ? text.Substring(0, 20) + "..." : text;

    /// <summary>Up to <paramref name="count"/> indexes spread evenly over 0..length-1.</summary>
    private static IEnumerable<int> Spread(int length, int count)
    {
        if (length <= 0) yield break;
        int n = Math.Min(count, length);
        int previous = -1;
        for (int k = 0; k < n; k++)
        {
            int i = (int)((long)k * length / n);
            if (i != previous) yield return i;
            previous = i;
        }
    }
}
