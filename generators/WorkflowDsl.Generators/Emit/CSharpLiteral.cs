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
            var text = new StringBuilder(value.Length + 2);
            text.Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '"': text.Append("\\\""); continue;
                    case '\\': text.Append("\\\\"); continue;
                    case '\0': text.Append("\\0"); continue;
                    case '\a': text.Append("\\a"); continue;
                    case '\b': text.Append("\\b"); continue;
                    case '\f': text.Append("\\f"); continue;
                    case '\n': text.Append("\\n"); continue;
                    case '\r': text.Append("\\r"); continue;
                    case '\t': text.Append("\\t"); continue;
                    case '\v': text.Append("\\v"); continue;
                }
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[i + 1]);
                    i++;
                    continue;
                }
                if (NeedsEscape(c))
                {
                    text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    continue;
                }
                text.Append(c);
            }
            text.Append('"');
            return text.ToString();
        }

        /// <summary>An int literal (negative values in parentheses, so a cast can precede them).</summary>
        public static string Int(int value) =>
            value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + ")" : value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A long literal with the L suffix (negative values in parentheses).</summary>
        public static string Long(long value) =>
            value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + "L)" : value.ToString(CultureInfo.InvariantCulture) + "L";

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
