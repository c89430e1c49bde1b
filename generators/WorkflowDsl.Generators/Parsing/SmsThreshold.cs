using Microsoft.CodeAnalysis;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The SMS segment threshold for WFDSL013: the <c>.editorconfig</c> key
    /// <c>workflowdsl.max_sms_segments</c> for the file, else the MSBuild property
    /// <c>WorkflowDslMaxSmsSegments</c>, else <see cref="SmsSegments.DefaultMaxSegments"/>.</summary>
    internal static class SmsThreshold
    {
        public const string EditorConfigKey = "workflowdsl.max_sms_segments";
        public const string BuildPropertyKey = "build_property.WorkflowDslMaxSmsSegments";

        public static int Read(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options, SyntaxTree tree)
        {
            if (options.GetOptions(tree).TryGetValue(EditorConfigKey, out var perFile) && TryParse(perFile, out int fromFile)) return fromFile;
            if (options.GlobalOptions.TryGetValue(BuildPropertyKey, out var global) && TryParse(global, out int fromBuild)) return fromBuild;
            return SmsSegments.DefaultMaxSegments;
        }

        private static bool TryParse(string? text, out int value) =>
            int.TryParse(text?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
