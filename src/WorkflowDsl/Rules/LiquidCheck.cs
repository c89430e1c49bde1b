// Shared source: compiled into WorkflowDsl and linked into the generator (netstandard2.0), so keep it
// free of newer BCL APIs. The one check of a template text before anything is sent: at compile time
// (the analyzer, at the literal) and at run validation (templates added at run time), and again by the
// renderer before it hands a text to the Liquid engine.
using System;
using System.Collections.Generic;

namespace WorkflowDsl.Rules
{
    /// <summary>Who a template text is rendered for, which decides the variables it may use.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    enum TemplateAudience
    {
        /// <summary>Not known (a template on its own): both <c>user</c> and <c>users</c> are accepted.</summary>
        Any = 0,
        /// <summary>A message to the target user: <c>users</c> (the digest list) is not set.</summary>
        User = 1,
        /// <summary>A digest to a manager or HR partner: <c>user</c> is not set.</summary>
        Digest = 2,
    }

    /// <summary>What kind of error a template text has.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    enum TemplateErrorKind
    {
        /// <summary>Not valid Liquid: an unclosed tag or block, an unknown tag, an end tag that closes nothing.</summary>
        Syntax = 0,
        /// <summary>A filter that the renderer does not have.</summary>
        UnknownFilter = 1,
        /// <summary>A variable or member that does not exist (or is not set for this audience).</summary>
        UnknownVariable = 2,
        /// <summary><c>{% include %}</c> or <c>{% render %}</c>: templates may not read other files.</summary>
        FileInclude = 3,
        /// <summary>Blocks nested deeper than the limit.</summary>
        TooDeep = 4,
    }

    /// <summary>One error in a template text, with its place as offset and as 1-based line:column.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class TemplateError
    {
        /// <summary>Creates an error.</summary>
        public TemplateError(TemplateErrorKind kind, int offset, int length, int line, int column, string message)
        {
            Kind = kind;
            Offset = offset;
            Length = length;
            Line = line;
            Column = column;
            Message = message;
        }

        /// <summary>The kind.</summary>
        public TemplateErrorKind Kind { get; }
        /// <summary>Offset in the text (0-based).</summary>
        public int Offset { get; }
        /// <summary>Length of the offending part.</summary>
        public int Length { get; }
        /// <summary>1-based line in the text.</summary>
        public int Line { get; }
        /// <summary>1-based column in the line (characters).</summary>
        public int Column { get; }
        /// <summary>What is wrong and what to do.</summary>
        public string Message { get; }

        /// <summary>"line:column: message".</summary>
        public override string ToString() => Line + ":" + Column + ": " + Message;
    }

    /// <summary>Checks a Liquid template text without data: syntax (tags closed, blocks balanced, known
    /// tags), filters (the renderer's), variables (for the audience), no <c>include</c>/<c>render</c>,
    /// and the nesting depth. Every error names its line:column in the text.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class LiquidCheck
    {
        /// <summary>The default deepest nesting of blocks (<c>if</c>, <c>for</c>, ...): deeper texts are refused
        /// before they reach the Liquid parser, whose recursion could otherwise exhaust the stack.</summary>
        public const int DefaultMaxDepth = 32;

        /// <summary>The most a renderer may allow: beyond it the Liquid parser's recursion is not safe.</summary>
        public const int MaxDepthLimit = 100;

        /// <summary>The filters the renderer (Fluid) provides, the only ones a text may use.</summary>
        public static readonly string[] Filters =
        {
            "abs", "append", "at_least", "at_most", "base64_decode", "base64_encode", "base64_url_safe_decode", "base64_url_safe_encode",
            "capitalize", "ceil", "compact", "concat", "date", "default", "divided_by", "downcase", "escape", "escape_once", "find",
            "find_index", "first", "floor", "format_date", "format_number", "format_string", "handle", "handleize", "has", "hmac_sha1",
            "hmac_sha256", "join", "json", "last", "lstrip", "map", "md5", "minus", "modulo", "newline_to_br", "plus", "prepend", "raw",
            "reject", "remove", "remove_first", "remove_last", "replace", "replace_first", "replace_last", "reverse", "round", "rstrip",
            "sha1", "sha256", "size", "slice", "sort", "sort_natural", "split", "strip", "strip_html", "strip_newlines", "sum", "time_zone",
            "times", "truncate", "truncatewords", "uniq", "upcase", "url_decode", "url_encode", "where",
        };

        private static readonly HashSet<string> FilterSet = new HashSet<string>(Filters, StringComparer.Ordinal);

        private static readonly Dictionary<string, string> EndOf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["endif"] = "if", ["endunless"] = "unless", ["endcase"] = "case", ["endfor"] = "for", ["endcapture"] = "capture", ["endtablerow"] = "tablerow",
        };

        /// <summary>Every error of <paramref name="text"/> for <paramref name="audience"/>, in text order;
        /// empty when the text is fine.</summary>
        public static List<TemplateError> Check(string text, TemplateAudience audience, int maxDepth = DefaultMaxDepth)
        {
            var errors = new List<TemplateError>();
            var blocks = new List<KeyValuePair<string, int>>(); // name, offset of the opening tag
            var scopes = new List<KeyValuePair<string, string>>();
            int i = 0;
            bool tooDeepReported = false;
            while (i < text.Length - 1)
            {
                int open = text.IndexOf('{', i);
                if (open < 0 || open + 1 >= text.Length) break;
                char kind = text[open + 1];
                if (kind != '{' && kind != '%') { i = open + 1; continue; }
                string closer = kind == '{' ? "}}" : "%}";
                int close = text.IndexOf(closer, open + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    Add(errors, text, TemplateErrorKind.Syntax, open, 2,
                        "'" + text.Substring(open, 2) + "' is not closed: end it with '" + closer + "'.");
                    return errors;
                }
                int innerStart = open + 2, innerEnd = close;
                if (innerStart < innerEnd && text[innerStart] == '-') innerStart++;
                if (innerEnd > innerStart && text[innerEnd - 1] == '-') innerEnd--;
                string inner = text.Substring(innerStart, innerEnd - innerStart);
                i = close + 2;
                if (kind == '{')
                {
                    CheckOutput(text, inner, innerStart, open, close + 2 - open, audience, scopes, errors);
                    continue;
                }

                string body = inner.Trim();
                string name = TemplateSyntax.FirstWord(body);
                int nameOffset = innerStart + inner.IndexOf(name, StringComparison.Ordinal);
                string rest = body.Substring(name.Length);
                int restOffset = nameOffset + name.Length;
                int tagLength = close + 2 - open;
                switch (name)
                {
                    case "":
                        Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% %}' names no tag: write a tag such as {% if ... %}, or remove it.");
                        break;
                    case "raw":
                    case "comment":
                    {
                        int end = FindEndTag(text, i, "end" + name);
                        if (end < 0)
                        {
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% " + name + " %}' is not closed: end it with '{% end" + name + " %}'.");
                            return errors;
                        }
                        i = end;
                        break;
                    }
                    case "if":
                    case "unless":
                    case "case":
                        Push(text, blocks, name, open, tagLength, maxDepth, errors, ref tooDeepReported);
                        CheckExpression(text, rest, restOffset, audience, scopes, errors, requireValue: true, tag: name);
                        break;
                    case "elsif":
                        if (!Inside(blocks, "if", "unless"))
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% elsif %}' is not inside an {% if %} block: move it into one, or remove it.");
                        CheckExpression(text, rest, restOffset, audience, scopes, errors, requireValue: true, tag: name);
                        break;
                    case "else":
                        if (!Inside(blocks, "if", "unless", "case", "for"))
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% else %}' is not inside an {% if %}, {% unless %}, {% case %} or {% for %} block: move it into one, or remove it.");
                        break;
                    case "when":
                        if (!Inside(blocks, "case"))
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% when %}' is not inside a {% case %} block: move it into one, or remove it.");
                        CheckExpression(text, rest, restOffset, audience, scopes, errors, requireValue: true, tag: name);
                        break;
                    case "for":
                    case "tablerow":
                    {
                        Push(text, blocks, name, open, tagLength, maxDepth, errors, ref tooDeepReported);
                        int inAt = TemplateSyntax.IndexOfWord(rest, "in");
                        if (inAt < 0 || rest.Substring(0, inAt).Trim().Length == 0)
                        {
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% " + name + " %}' needs the form {% " + name + " item in list %}.");
                            scopes.Add(new KeyValuePair<string, string>("forloop", "forloop"));
                            scopes.Add(new KeyValuePair<string, string>("", "any"));
                            break;
                        }
                        string variable = rest.Substring(0, inAt).Trim();
                        string source = rest.Substring(inAt + 2);
                        string type = CheckExpression(text, source, restOffset + inAt + 2, audience, scopes, errors, requireValue: true, tag: name);
                        string element = type.StartsWith("list:", StringComparison.Ordinal) ? type.Substring(5) : "any";
                        scopes.Add(new KeyValuePair<string, string>("forloop", "forloop"));
                        scopes.Add(new KeyValuePair<string, string>(variable, element));
                        break;
                    }
                    case "capture":
                        Push(text, blocks, name, open, tagLength, maxDepth, errors, ref tooDeepReported);
                        if (rest.Trim().Length == 0) Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% capture %}' needs a variable name: {% capture name %}.");
                        scopes.Add(new KeyValuePair<string, string>(rest.Trim(), "scalar"));
                        break;
                    case "endif":
                    case "endunless":
                    case "endcase":
                    case "endfor":
                    case "endcapture":
                    case "endtablerow":
                    {
                        string opener = EndOf[name];
                        if (blocks.Count == 0)
                        {
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% " + name + " %}' closes nothing: no {% " + opener + " %} is open. Remove it, or add the {% " + opener + " %}.");
                            break;
                        }
                        var top = blocks[blocks.Count - 1];
                        if (top.Key != opener)
                        {
                            var at = Position(text, top.Value);
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength,
                                "'{% " + name + " %}' does not match the open '{% " + top.Key + " %}' at " + at.Key + ":" + at.Value + ": close that one first with '{% end" + top.Key + " %}'.");
                            return errors;
                        }
                        blocks.RemoveAt(blocks.Count - 1);
                        if ((opener == "for" || opener == "tablerow") && scopes.Count >= 2) scopes.RemoveRange(scopes.Count - 2, 2);
                        break;
                    }
                    case "assign":
                    {
                        int eq = rest.IndexOf('=');
                        string variable = eq < 0 ? rest.Trim() : rest.Substring(0, eq).Trim();
                        if (eq < 0 || variable.Length == 0)
                        {
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% assign %}' needs the form {% assign name = value %}.");
                            break;
                        }
                        CheckPipeline(text, rest.Substring(eq + 1), restOffset + eq + 1, audience, scopes, errors, tag: "assign");
                        scopes.Add(new KeyValuePair<string, string>(variable, "any"));
                        break;
                    }
                    case "echo":
                        CheckPipeline(text, rest, restOffset, audience, scopes, errors, tag: "echo");
                        break;
                    case "increment":
                    case "decrement":
                        scopes.Add(new KeyValuePair<string, string>(rest.Trim(), "scalar"));
                        break;
                    case "cycle":
                        break;
                    case "break":
                    case "continue":
                        if (!Inside(blocks, "for", "tablerow"))
                            Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% " + name + " %}' is not inside a {% for %} loop: remove it.");
                        break;
                    case "include":
                    case "render":
                        Add(errors, text, TemplateErrorKind.FileInclude, open, tagLength,
                            "'{% " + name + " %}' reads another template file, which message templates may not do: write the text into this template instead.");
                        break;
                    case "liquid":
                        Add(errors, text, TemplateErrorKind.Syntax, open, tagLength, "'{% liquid %}' is not supported in message templates: write each tag in its own {% ... %}.");
                        break;
                    default:
                        Add(errors, text, TemplateErrorKind.Syntax, nameOffset, name.Length,
                            "Unknown tag '" + name + "': use if, unless, case, for, assign, capture, echo, raw or comment.");
                        break;
                }
            }
            for (int b = blocks.Count - 1; b >= 0; b--)
            {
                int start = blocks[b].Value;
                int end = text.IndexOf("%}", start, StringComparison.Ordinal);
                Add(errors, text, TemplateErrorKind.Syntax, start, end < 0 ? 2 : end + 2 - start,
                    "'{% " + blocks[b].Key + " %}' is not closed: add '{% end" + blocks[b].Key + " %}'.");
            }
            errors.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            return errors;
        }

        /// <summary>The 1-based line and column of <paramref name="offset"/> in <paramref name="text"/>.</summary>
        public static KeyValuePair<int, int> Position(string text, int offset)
        {
            int line = 1, lineStart = 0;
            for (int k = 0; k < offset && k < text.Length; k++)
            {
                if (text[k] == '\n') { line++; lineStart = k + 1; }
            }
            return new KeyValuePair<int, int>(line, offset - lineStart + 1);
        }

        private static void Add(List<TemplateError> errors, string text, TemplateErrorKind kind, int offset, int length, string message)
        {
            var at = Position(text, offset);
            errors.Add(new TemplateError(kind, offset, length, at.Key, at.Value, message));
        }

        private static void Push(string text, List<KeyValuePair<string, int>> blocks, string name, int offset, int length, int maxDepth, List<TemplateError> errors, ref bool tooDeepReported)
        {
            blocks.Add(new KeyValuePair<string, int>(name, offset));
            if (blocks.Count > maxDepth && !tooDeepReported)
            {
                tooDeepReported = true;
                Add(errors, text, TemplateErrorKind.TooDeep, offset, length,
                    "Blocks are nested " + blocks.Count + " deep here, more than the " + maxDepth + " allowed: flatten the template.");
            }
        }

        // elsif/else/when belong to the innermost block; break/continue may sit in an if inside a loop.
        private static bool Inside(List<KeyValuePair<string, int>> blocks, params string[] names)
        {
            if (Array.IndexOf(names, "tablerow") >= 0)
            {
                foreach (var block in blocks) if (Array.IndexOf(names, block.Key) >= 0) return true;
                return false;
            }
            return blocks.Count > 0 && Array.IndexOf(names, blocks[blocks.Count - 1].Key) >= 0;
        }

        private static int FindEndTag(string text, int from, string endName)
        {
            int at = from;
            while ((at = text.IndexOf("{%", at, StringComparison.Ordinal)) >= 0)
            {
                int close = text.IndexOf("%}", at + 2, StringComparison.Ordinal);
                if (close < 0) return -1;
                string inner = text.Substring(at + 2, close - at - 2).Trim('-', ' ', '\t', '\r', '\n');
                if (inner == endName) return close + 2;
                at = close + 2;
            }
            return -1;
        }

        private static void CheckOutput(string text, string inner, int innerOffset, int open, int length, TemplateAudience audience, List<KeyValuePair<string, string>> scopes, List<TemplateError> errors)
        {
            if (inner.Trim().Length == 0)
            {
                Add(errors, text, TemplateErrorKind.Syntax, open, length, "'{{ }}' prints nothing: write a variable inside, such as {{ user.first_name }}, or remove it.");
                return;
            }
            CheckPipeline(text, inner, innerOffset, audience, scopes, errors, tag: null);
        }

        // "expression | filter: arg, arg | filter": checks the expression, each filter's name and its arguments.
        private static void CheckPipeline(string text, string pipeline, int offset, TemplateAudience audience, List<KeyValuePair<string, string>> scopes, List<TemplateError> errors, string? tag)
        {
            var parts = SplitOutsideQuotes(pipeline, '|');
            if (parts == null)
            {
                Add(errors, text, TemplateErrorKind.Syntax, offset, pipeline.Length, "A quoted string is not closed: add the closing quote.");
                return;
            }
            string where = tag == null ? "'{{ }}'" : "'{% " + tag + " %}'";
            var first = parts[0];
            if (first.Value.Trim().Length == 0)
            {
                Add(errors, text, TemplateErrorKind.Syntax, offset + first.Key, Math.Max(1, first.Value.Length), where + " has no value before its filter: write the value first, such as {{ content.title | upcase }}.");
                return;
            }
            CheckExpression(text, first.Value, offset + first.Key, audience, scopes, errors, requireValue: true, tag: tag);
            for (int p = 1; p < parts.Count; p++)
            {
                string part = parts[p].Value;
                int partOffset = offset + parts[p].Key;
                string trimmed = part.TrimStart();
                int nameStart = partOffset + part.Length - trimmed.Length;
                int n = 0;
                while (n < trimmed.Length && (char.IsLetterOrDigit(trimmed[n]) || trimmed[n] == '_')) n++;
                string filter = trimmed.Substring(0, n);
                if (filter.Length == 0)
                {
                    Add(errors, text, TemplateErrorKind.Syntax, partOffset - 1, 1, "'|' is not followed by a filter name: remove it, or name a filter such as upcase.");
                    continue;
                }
                if (!FilterSet.Contains(filter))
                {
                    Add(errors, text, TemplateErrorKind.UnknownFilter, nameStart, filter.Length,
                        "Unknown filter '" + filter + "': the filters are the standard Liquid ones (" + Near(filter) + "see docs/templates.md).");
                }
                string after = trimmed.Substring(n);
                string afterTrimmed = after.TrimStart();
                if (afterTrimmed.Length == 0) continue;
                int argsOffset = nameStart + n + (after.Length - afterTrimmed.Length);
                if (afterTrimmed[0] != ':')
                {
                    Add(errors, text, TemplateErrorKind.Syntax, argsOffset, afterTrimmed.TrimEnd().Length, "Filter '" + filter + "' is followed by '" + afterTrimmed.TrimEnd() + "': give arguments as '" + filter + ": value'.");
                    continue;
                }
                string args = afterTrimmed.Substring(1);
                var values = SplitOutsideQuotes(args, ',');
                if (values == null) continue;
                foreach (var value in values)
                {
                    if (value.Value.Trim().Length == 0)
                    {
                        Add(errors, text, TemplateErrorKind.Syntax, argsOffset, 1, "Filter '" + filter + "' has an empty argument: give a value after ':' and each ','.");
                        break;
                    }
                    string arg = value.Value;
                    int colon = IndexOfNamedArgument(arg);
                    if (colon >= 0) { CheckExpression(text, arg.Substring(colon + 1), argsOffset + 1 + value.Key + colon + 1, audience, scopes, errors, requireValue: true, tag: tag); }
                    else CheckExpression(text, arg, argsOffset + 1 + value.Key, audience, scopes, errors, requireValue: true, tag: tag);
                }
            }
        }

        private static int IndexOfNamedArgument(string arg)
        {
            // "name: value" (a keyword argument) outside quotes.
            string t = arg.TrimStart();
            int lead = arg.Length - t.Length;
            int n = 0;
            while (n < t.Length && (char.IsLetterOrDigit(t[n]) || t[n] == '_')) n++;
            if (n > 0 && n < t.Length && t[n] == ':') return lead + n;
            return -1;
        }

        private static string Near(string filter)
        {
            foreach (var known in Filters)
            {
                if (string.Equals(known, filter, StringComparison.OrdinalIgnoreCase) || (Math.Abs(known.Length - filter.Length) <= 1 && Distance(known, filter) <= 1))
                    return "did you mean '" + known + "'? ";
            }
            return "";
        }

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int x = 0; x <= a.Length; x++) d[x, 0] = x;
            for (int y = 0; y <= b.Length; y++) d[0, y] = y;
            for (int x = 1; x <= a.Length; x++)
            for (int y = 1; y <= b.Length; y++)
                d[x, y] = Math.Min(Math.Min(d[x - 1, y] + 1, d[x, y - 1] + 1), d[x - 1, y - 1] + (a[x - 1] == b[y - 1] ? 0 : 1));
            return d[a.Length, b.Length];
        }

        /// <summary>Parts split at <paramref name="separator"/> outside quotes, each with its offset; null when a quote is not closed.</summary>
        private static List<KeyValuePair<int, string>>? SplitOutsideQuotes(string s, char separator)
        {
            var parts = new List<KeyValuePair<int, string>>();
            int start = 0;
            char quote = '\0';
            for (int k = 0; k < s.Length; k++)
            {
                char c = s[k];
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c == '"' || c == '\'') { quote = c; continue; }
                if (c == separator)
                {
                    parts.Add(new KeyValuePair<int, string>(start, s.Substring(start, k - start)));
                    start = k + 1;
                }
            }
            if (quote != '\0') return null;
            parts.Add(new KeyValuePair<int, string>(start, s.Substring(start)));
            return parts;
        }

        private static string CheckExpression(string text, string expr, int offset, TemplateAudience audience, List<KeyValuePair<string, string>> scopes, List<TemplateError> errors, bool requireValue, string? tag)
        {
            if (SplitOutsideQuotes(expr, '\0') == null)
            {
                Add(errors, text, TemplateErrorKind.Syntax, offset, expr.Length, "A quoted string is not closed: add the closing quote.");
                return "any";
            }
            if (requireValue && expr.Trim().Length == 0 && tag != null)
            {
                Add(errors, text, TemplateErrorKind.Syntax, offset, 1, "'{% " + tag + " %}' needs a condition or value after '" + tag + "'.");
                return "any";
            }
            string lastType = "any";
            foreach (var token in TemplateSyntax.PathTokens(expr))
            {
                string path = token.Key;
                string type = TemplateSyntax.Resolve(path, scopes, audience, out string? error);
                if (error != null) Add(errors, text, TemplateErrorKind.UnknownVariable, offset + token.Value, path.Length, error);
                lastType = type;
            }
            return lastType;
        }
    }
}
