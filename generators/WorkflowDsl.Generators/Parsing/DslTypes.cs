using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

        /// <summary>A lambda's one parameter, when it is untyped and plain (no async, attributes, modifiers or default).</summary>
        public static ParameterSyntax? SingleUntypedParameter(LambdaExpressionSyntax lambda)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) || lambda.AttributeLists.Count > 0) return null;
            ParameterSyntax? parameter = lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter
                : lambda is ParenthesizedLambdaExpressionSyntax parenthesized && parenthesized.ReturnType == null && parenthesized.ParameterList.Parameters.Count == 1 ? parenthesized.ParameterList.Parameters[0]
                : null;
            if (parameter == null || parameter.Type != null || parameter.Modifiers.Count > 0 || parameter.AttributeLists.Count > 0 || parameter.Default != null) return null;
            return parameter;
        }

        /// <summary>The only member named <paramref name="name"/> of the type and its base types, when it
        /// is a public, non-generic method of the given static-ness without ref parameters; otherwise null
        /// (found among the type's members: no binding).</summary>
        public static IMethodSymbol? SingleMethod(ITypeSymbol type, string name, bool isStatic)
        {
            IMethodSymbol? found = null;
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (found != null || !(member is IMethodSymbol method)) return null;
                    found = method;
                }
            }
            if (found == null || found.IsStatic != isStatic || found.DeclaredAccessibility != Accessibility.Public
                || found.IsGenericMethod || found.MethodKind != MethodKind.Ordinary || found.IsVararg) return null;
            foreach (var parameter in found.Parameters)
            {
                if (parameter.RefKind != RefKind.None) return null;
            }
            return found;
        }
    }
}
