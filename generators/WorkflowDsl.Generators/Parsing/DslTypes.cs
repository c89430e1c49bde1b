using Microsoft.CodeAnalysis;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The DSL's types, by fully-qualified metadata name: the parsers recognise DSL calls by
    /// symbol, never by how the identifier is spelled.</summary>
    internal static class DslTypes
    {
        public const string Workflow = "WorkflowDsl.Workflow";
        public const string WorkflowDefinition = "WorkflowDsl.WorkflowDefinition";
        public const string Durations = "WorkflowDsl.Durations";
        public const string TargetGroup = "WorkflowDsl.TargetGroup";
        public const string Template = "WorkflowDsl.Templates.Template";
        public const string TemplateDefinition = "WorkflowDsl.Templates.TemplateDefinition";
        public const string TemplateContent = "WorkflowDsl.Templates.TemplateContent";
        public const string TimeSpan = "System.TimeSpan";
        public const string Channel = "WorkflowDsl.Channel";
        public const string Recipient = "WorkflowDsl.Recipient";

        /// <summary>The metadata name of the DSL's enum spelled <paramref name="name"/> (Channel or Recipient).</summary>
        public static string Enum(string name) => name == "Channel" ? Channel : name == "Recipient" ? Recipient : "WorkflowDsl." + name;

        /// <summary>True when <paramref name="type"/> is the named top-level type.</summary>
        public static bool Is(ITypeSymbol? type, string metadataName)
        {
            if (type == null || type.ContainingType != null) return false;
            var ns = type.ContainingNamespace;
            string name = ns == null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
            return name == metadataName;
        }

        /// <summary>True when the attribute's class is the named attribute type.</summary>
        public static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (Is(attribute.AttributeClass, metadataName)) return attribute;
            }
            return null;
        }
    }
}
