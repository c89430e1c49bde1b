using System;
using System.Collections.Generic;
using System.Text;

namespace WorkflowDsl.Rules
{
    /// <summary>A placeholder in a template that names a variable which does not exist.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class PlaceholderProblem
    {
        /// <summary>Creates a problem.</summary>
        public PlaceholderProblem(int offset, int length, string path, string message)
        {
            Offset = offset;
            Length = length;
            Path = path;
            Message = message;
        }

        /// <summary>Offset of the variable path in the template text.</summary>
        public int Offset { get; }
        /// <summary>Length of the variable path.</summary>
        public int Length { get; }
        /// <summary>The unknown path, such as "user.nmae".</summary>
        public string Path { get; }
        /// <summary>What is wrong and what to use instead.</summary>
        public string Message { get; }
    }

    /// <summary>The Liquid subset templates are checked against at compile time: which variables exist
    /// (<c>{{ user.first_name }}</c>, <c>{% for u in users %}</c>, ...), whether a text lists the
    /// digest's users, and a sample rendering used to measure SMS texts. Rendering itself is done by a
    /// real Liquid engine at run time; this class only knows the variable names.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class TemplateSyntax
    {
        private static readonly Dictionary<string, string> RootTypes = new Dictionary<string, string>
        {
            ["user"] = "person",
            ["recipient"] = "person",
            ["workflow"] = "workflow",
            ["content"] = "content",
            ["contents"] = "list:content",
            ["due_date"] = "scalar",
            ["users"] = "list:digest_user",
            ["unsubscribe_url"] = "scalar",
        };

        private static readonly Dictionary<string, Dictionary<string, string>> Members = new Dictionary<string, Dictionary<string, string>>
        {
            ["person"] = new Dictionary<string, string> { ["first_name"] = "scalar", ["last_name"] = "scalar", ["name"] = "scalar", ["email"] = "scalar", ["locale"] = "scalar" },
            ["workflow"] = new Dictionary<string, string> { ["name"] = "scalar", ["id"] = "scalar" },
            ["content"] = new Dictionary<string, string> { ["id"] = "scalar", ["title"] = "scalar", ["link"] = "scalar", ["due_date"] = "scalar" },
            ["digest_user"] = new Dictionary<string, string> { ["first_name"] = "scalar", ["last_name"] = "scalar", ["name"] = "scalar", ["email"] = "scalar", ["due_date"] = "scalar", ["contents"] = "list:content", ["step"] = "scalar", ["repeat"] = "scalar" },
            ["forloop"] = new Dictionary<string, string> { ["index"] = "scalar", ["index0"] = "scalar", ["first"] = "scalar", ["last"] = "scalar", ["length"] = "scalar", ["rindex"] = "scalar" },
        };

        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "and", "or", "contains", "true", "false", "nil", "null", "empty", "blank", "in", "reversed", "limit", "offset",
        };

        /// <summary>The variables a template may use, for messages and documentation.</summary>
        public const string KnownVariables =
            "user.first_name, user.last_name, user.name, user.email, user.locale, recipient.*, workflow.name, " +
            "content.title, content.link, content.due_date, contents (list of content), due_date, " +
            "users (digest list: name, first_name, last_name, email, due_date, contents, step, repeat), unsubscribe_url";

        /// <summary>Finds every placeholder whose variable does not exist.</summary>
        public static List<PlaceholderProblem> FindUnknownPlaceholders(string text)
        {
            var problems = new List<PlaceholderProblem>();
            var scopes = new List<KeyValuePair<string, string>>();
            foreach (var tag in Tags(text))
            {
                if (tag.IsOutput)
                {
                    int bar = tag.Inner.IndexOf('|');
                    string expr = bar < 0 ? tag.Inner : tag.Inner.Substring(0, bar);
                    CheckExpression(expr, tag.InnerOffset, scopes, problems);
                    continue;
                }
                string body = tag.Inner.Trim();
                string name = FirstWord(body);
                string rest = body.Substring(name.Length);
                int restOffset = tag.InnerOffset + tag.Inner.IndexOf(body, StringComparison.Ordinal) + name.Length;
                switch (name)
                {
                    case "for":
                    {
                        int inAt = IndexOfWord(rest, "in");
                        string variable = inAt < 0 ? rest.Trim() : rest.Substring(0, inAt).Trim();
                        string element = "any";
                        if (inAt >= 0)
                        {
                            string source = rest.Substring(inAt + 2);
                            string type = CheckExpression(source, restOffset + inAt + 2, scopes, problems);
                            element = type.StartsWith("list:", StringComparison.Ordinal) ? type.Substring(5) : "any";
                        }
                        scopes.Add(new KeyValuePair<string, string>("forloop", "forloop"));
                        scopes.Add(new KeyValuePair<string, string>(variable, element));
                        break;
                    }
                    case "endfor":
                        if (scopes.Count >= 2) scopes.RemoveRange(scopes.Count - 2, 2);
                        break;
                    case "if":
                    case "elsif":
                    case "unless":
                    case "case":
                    case "when":
                        CheckExpression(rest, restOffset, scopes, problems);
                        break;
                    case "assign":
                    {
                        int eq = rest.IndexOf('=');
                        string variable = eq < 0 ? rest.Trim() : rest.Substring(0, eq).Trim();
                        if (eq >= 0)
                        {
                            string value = rest.Substring(eq + 1);
                            int bar = value.IndexOf('|');
                            CheckExpression(bar < 0 ? value : value.Substring(0, bar), restOffset + eq + 1, scopes, problems);
                        }
                        scopes.Add(new KeyValuePair<string, string>(variable, "any"));
                        break;
                    }
                    case "capture":
                        scopes.Add(new KeyValuePair<string, string>(rest.Trim(), "scalar"));
                        break;
                }
            }
            return problems;
        }

        /// <summary>True when the text uses the digest's list of users (<c>users</c>).</summary>
        public static bool ReferencesDigestList(string text)
        {
            foreach (var tag in Tags(text))
            {
                foreach (var token in PathTokens(tag.Inner))
                {
                    if (token.Key == "users" || token.Key.StartsWith("users.", StringComparison.Ordinal) || token.Key.StartsWith("users[", StringComparison.Ordinal)) return true;
                }
            }
            return false;
        }

        /// <summary>The text with each output placeholder replaced by a typical-length sample value
        /// and each tag removed: what the SMS segment check measures.</summary>
        public static string SampleRender(string text)
        {
            var result = new StringBuilder();
            int last = 0;
            foreach (var tag in Tags(text))
            {
                result.Append(text, last, tag.Start - last);
                if (tag.IsOutput)
                {
                    int bar = tag.Inner.IndexOf('|');
                    string expr = (bar < 0 ? tag.Inner : tag.Inner.Substring(0, bar)).Trim();
                    result.Append('x', SampleLength(expr));
                }
                last = tag.Start + tag.Length;
            }
            result.Append(text, last, text.Length - last);
            return result.ToString();
        }

        private static int SampleLength(string expr)
        {
            if (expr.Length > 1 && (expr[0] == '"' || expr[0] == '\'')) return Math.Max(0, expr.Length - 2);
            string leaf = expr;
            int dot = expr.LastIndexOf('.');
            if (dot >= 0) leaf = expr.Substring(dot + 1);
            switch (leaf)
            {
                case "first_name": return 10;
                case "last_name": return 12;
                case "name": return 23;
                case "email": return 25;
                case "title": return 40;
                case "link":
                case "unsubscribe_url": return 45;
                case "due_date": return 10;
                default: return 15;
            }
        }

        private static string CheckExpression(string expr, int offset, List<KeyValuePair<string, string>> scopes, List<PlaceholderProblem> problems)
        {
            string lastType = "any";
            foreach (var token in PathTokens(expr))
            {
                string path = token.Key;
                string type = Resolve(path, scopes, out string? error);
                if (error != null)
                {
                    problems.Add(new PlaceholderProblem(offset + token.Value, path.Length, path, error));
                }
                lastType = type;
            }
            return lastType;
        }

        private static string Resolve(string path, List<KeyValuePair<string, string>> scopes, out string? error) =>
            Resolve(path, scopes, TemplateAudience.Any, out error);

        /// <summary>The type of a variable path, or an error naming what is unknown (or, for
        /// <paramref name="audience"/>, not set: <c>user</c> in a digest, <c>users</c> in a user message).</summary>
        internal static string Resolve(string path, List<KeyValuePair<string, string>> scopes, TemplateAudience audience, out string? error)
        {
            error = null;
            var parts = path.Replace("[", ".[").Split('.');
            string root = parts[0];
            string? type = null;
            for (int i = scopes.Count - 1; i >= 0; i--)
            {
                if (scopes[i].Key == root) { type = scopes[i].Value; break; }
            }
            if (type == null && audience == TemplateAudience.Digest && root == "user")
            {
                error = "Placeholder '" + path + "': 'user' is not set in a digest to a manager or HR partner (one message about many users): " +
                        "use recipient.* for the manager or HR partner, and loop over the users with {% for u in users %}{{ u.first_name }}{% endfor %}.";
                return "any";
            }
            if (type == null && audience == TemplateAudience.User && root == "users")
            {
                error = "Placeholder '" + path + "': 'users' (the digest's list) is set only in a digest to a manager or HR partner, and this text is sent to the user: " +
                        "use user.* here, or use the template for RemindManager/NotifyHrPartner only.";
                return "any";
            }
            if (type == null && !RootTypes.TryGetValue(root, out type))
            {
                error = "Placeholder '" + path + "' names no variable: '" + root + "' is unknown. Known variables: " + KnownVariables + ".";
                return "any";
            }
            for (int i = 1; i < parts.Length; i++)
            {
                string member = parts[i];
                if (type == "any") return "any";
                if (member.StartsWith("[", StringComparison.Ordinal))
                {
                    type = type.StartsWith("list:", StringComparison.Ordinal) ? type.Substring(5) : "any";
                    continue;
                }
                if (type.StartsWith("list:", StringComparison.Ordinal))
                {
                    if (member == "size") { type = "scalar"; continue; }
                    if (member == "first" || member == "last") { type = type.Substring(5); continue; }
                    error = "Placeholder '" + path + "': a list has only size, first and last; loop over it with {% for item in " + string.Join(".", parts, 0, i) + " %}.";
                    return "any";
                }
                if (!Members.TryGetValue(type, out var members) || !members.TryGetValue(member, out var memberType))
                {
                    string known = Members.TryGetValue(type, out members) ? string.Join(", ", members.Keys) : "none";
                    error = "Placeholder '" + path + "': '" + string.Join(".", parts, 0, i) + "' has no member '" + member + "'. Its members are: " + known + ".";
                    return "any";
                }
                type = memberType;
            }
            return type;
        }

        /// <summary>Variable paths in an expression, with their offsets; skips literals and keywords.</summary>
        internal static List<KeyValuePair<string, int>> PathTokens(string expr)
        {
            var tokens = new List<KeyValuePair<string, int>>();
            int i = 0;
            while (i < expr.Length)
            {
                char c = expr[i];
                if (c == '"' || c == '\'')
                {
                    int close = expr.IndexOf(c, i + 1);
                    i = close < 0 ? expr.Length : close + 1;
                    continue;
                }
                if (char.IsLetter(c) || c == '_')
                {
                    int start = i;
                    while (i < expr.Length && (char.IsLetterOrDigit(expr[i]) || expr[i] == '_' || expr[i] == '.' || expr[i] == '[' || expr[i] == ']'))
                    {
                        if (expr[i] == '[')
                        {
                            int close = expr.IndexOf(']', i);
                            i = close < 0 ? expr.Length : close + 1;
                            continue;
                        }
                        i++;
                    }
                    string token = expr.Substring(start, i - start).TrimEnd('.');
                    if (!Keywords.Contains(token)) tokens.Add(new KeyValuePair<string, int>(token, start));
                    continue;
                }
                i++;
            }
            return tokens;
        }

        /// <summary>The text of <paramref name="body"/> up to its first white space (a tag's name).</summary>
        internal static string FirstWord(string body)
        {
            int i = 0;
            while (i < body.Length && !char.IsWhiteSpace(body[i])) i++;
            return body.Substring(0, i);
        }

        /// <summary>Where <paramref name="word"/> stands alone (white space or the text's ends around it), or -1.</summary>
        internal static int IndexOfWord(string text, string word)
        {
            int at = 0;
            while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
            {
                bool before = at == 0 || char.IsWhiteSpace(text[at - 1]);
                bool after = at + word.Length >= text.Length || char.IsWhiteSpace(text[at + word.Length]);
                if (before && after) return at;
                at += word.Length;
            }
            return -1;
        }

        private struct Tag
        {
            public int Start;
            public int Length;
            public bool IsOutput;
            public string Inner;
            public int InnerOffset;
        }

        private static IEnumerable<Tag> Tags(string text)
        {
            int i = 0;
            bool raw = false, comment = false;
            while (i < text.Length - 1)
            {
                int open = text.IndexOf('{', i);
                if (open < 0 || open + 1 >= text.Length) yield break;
                char kind = text[open + 1];
                if (kind != '{' && kind != '%') { i = open + 1; continue; }
                string closer = kind == '{' ? "}}" : "%}";
                int close = text.IndexOf(closer, open + 2, StringComparison.Ordinal);
                if (close < 0) yield break;
                int innerStart = open + 2;
                int innerEnd = close;
                if (innerStart < innerEnd && text[innerStart] == '-') innerStart++;
                if (innerEnd > innerStart && text[innerEnd - 1] == '-') innerEnd--;
                string inner = text.Substring(innerStart, innerEnd - innerStart);
                i = close + 2;
                if (kind == '%')
                {
                    string word = FirstWord(inner.Trim());
                    if (raw || comment)
                    {
                        if ((raw && word == "endraw") || (comment && word == "endcomment")) { raw = false; comment = false; }
                        continue;
                    }
                    if (word == "raw") { raw = true; continue; }
                    if (word == "comment") { comment = true; continue; }
                }
                else if (raw || comment)
                {
                    continue;
                }
                yield return new Tag { Start = open, Length = close + 2 - open, IsOutput = kind == '{', Inner = inner, InnerOffset = innerStart };
            }
        }
    }
}
