namespace WorkflowDsl.Rules
{
    /// <summary>The length of an SMS text in segments, by the GSM 03.38 rules: GSM-7 packs 160 septets
    /// in one segment and 153 per segment when split (extension characters cost two septets and are
    /// never split); any other character switches the whole text to UCS-2, 70 code units alone and 67
    /// per segment when split (surrogate pairs are never split).</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class SmsSegments
    {
        /// <summary>The segment threshold used when none is configured.</summary>
        public const int DefaultMaxSegments = 3;

        private const string Basic =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
            "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        private const string Extension = "\f^{}\\[]~|€";

        /// <summary>True when every character of <paramref name="text"/> is in the GSM-7 alphabet.</summary>
        public static bool IsGsm7(string text)
        {
            foreach (char c in text)
            {
                if (Basic.IndexOf(c) < 0 && Extension.IndexOf(c) < 0) return false;
            }
            return true;
        }

        /// <summary>How many segments <paramref name="text"/> takes (0 for an empty text).</summary>
        public static int Count(string text) => Measure(text).Segments;

        /// <summary>Measures <paramref name="text"/>: encoding, length in septets or code units, and segments.</summary>
        public static SmsMeasure Measure(string text)
        {
            if (text.Length == 0) return new SmsMeasure(false, 0, 0);
            if (IsGsm7(text))
            {
                int septets = 0;
                foreach (char c in text) septets += Extension.IndexOf(c) >= 0 ? 2 : 1;
                if (septets <= 160) return new SmsMeasure(false, septets, 1);
                int segments = 1, used = 0;
                foreach (char c in text)
                {
                    int cost = Extension.IndexOf(c) >= 0 ? 2 : 1;
                    if (used + cost > 153) { segments++; used = 0; }
                    used += cost;
                }
                return new SmsMeasure(false, septets, segments);
            }
            else
            {
                if (text.Length <= 70) return new SmsMeasure(true, text.Length, 1);
                int segments = 1, used = 0;
                for (int i = 0; i < text.Length; i++)
                {
                    int cost = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                    if (used + cost > 67) { segments++; used = 0; }
                    used += cost;
                    i += cost - 1;
                }
                return new SmsMeasure(true, text.Length, segments);
            }
        }
    }

    /// <summary>The measured length of an SMS text.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    readonly struct SmsMeasure
    {
        /// <summary>Creates a measure.</summary>
        public SmsMeasure(bool unicode, int units, int segments)
        {
            Unicode = unicode;
            Units = units;
            Segments = segments;
        }

        /// <summary>True when the text needs UCS-2.</summary>
        public bool Unicode { get; }
        /// <summary>Septets (GSM-7) or UTF-16 code units (UCS-2).</summary>
        public int Units { get; }
        /// <summary>Number of segments.</summary>
        public int Segments { get; }
    }
}
