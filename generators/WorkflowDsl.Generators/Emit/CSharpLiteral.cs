using System.Globalization;
using System.Text;

namespace WorkflowDsl.Generators.Emit
{
    /// <summary>Turns values into C# source literals.</summary>
    internal static class CSharpLiteral
    {
        /// <summary>A regular ("...") C# string literal whose value is exactly <paramref name="value"/>, or
        /// <c>null</c>. Quotes, backslashes, control and format characters, line separators and unpaired
        /// surrogates are escaped, so any string gives a literal that compiles on one line; other
        /// characters (such as "ä") are kept as they are, so the text stays readable.</summary>
        public static string String(string? value)
        {
            if (value == null) return "null";
            var text = new StringBuilder(value.Length + 16);
            text.Append('"');
            AppendEscaped(text, value);
            return text.Append('"').ToString();
        }

        /// <summary>Appends what goes between the quotes of <see cref="String"/>'s literal for
        /// <paramref name="value"/>, without a copy of its own (the plan table's literals are long). Runs of
        /// characters that need no escape are appended as one piece.</summary>
        public static void AppendEscaped(StringBuilder text, string value)
        {
            int run = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                // Printable ASCII other than the quote and the backslash needs no escape (the common case).
                if (c >= ' ' && c <= '~' && c != '"' && c != '\\') continue;
                string? escape = null;
                switch (c)
                {
                    case '"': escape = "\\\""; break;
                    case '\\': escape = "\\\\"; break;
                    case '\0': escape = "\\0"; break;
                    case '\a': escape = "\\a"; break;
                    case '\b': escape = "\\b"; break;
                    case '\f': escape = "\\f"; break;
                    case '\n': escape = "\\n"; break;
                    case '\r': escape = "\\r"; break;
                    case '\t': escape = "\\t"; break;
                    case '\v': escape = "\\v"; break;
                }
                if (escape == null)
                {
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        i++;
                        continue;
                    }
                    if (!NeedsEscape(c)) continue;
                    escape = "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
                }
                text.Append(value, run, i - run).Append(escape);
                run = i + 1;
            }
            text.Append(value, run, value.Length - run);
        }

        private static bool NeedsEscape(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return true;
                default:
                    return false;
            }
        }
    }
}
