namespace WorkflowDsl.Rules
{
    /// <summary>Kebab-case ids: lower-case letters and digits in groups joined by single hyphens,
    /// starting with a letter, at most 64 characters (workflow ids, step keys, template ids).</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class Kebab
    {
        /// <summary>The longest id accepted.</summary>
        public const int MaxLength = 64;

        /// <summary>True when <paramref name="value"/> is a valid kebab-case id.</summary>
        public static bool IsValid(string? value)
        {
            if (value == null || value.Length == 0 || value.Length > MaxLength) return false;
            if (value[0] < 'a' || value[0] > 'z') return false;
            char previous = '\0';
            foreach (char c in value)
            {
                bool lowerOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (!lowerOrDigit && c != '-') return false;
                if (c == '-' && previous == '-') return false;
                previous = c;
            }
            return previous != '-';
        }
    }
}
