using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>Finds the chain call a step diagnostic points at: the analyzer reports a step from its
    /// method name to the closing parenthesis (<c>Wait(3.Days())</c>).</summary>
    internal static class ChainSyntax
    {
        /// <summary>The call <c>receiver.Name(...)</c> whose name-to-parenthesis span is <paramref name="span"/>, or null.</summary>
        public static InvocationExpressionSyntax? FindStepCall(SyntaxNode root, TextSpan span)
        {
            if (span.End > root.FullSpan.End) return null;
            for (SyntaxNode? node = root.FindNode(span); node != null; node = node.Parent)
            {
                if (node is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax member
                    && member.Name.SpanStart == span.Start && invocation.Span.End == span.End)
                    return invocation;
                if (node.SpanStart < span.Start - 4096) break;
            }
            return null;
        }

        /// <summary>True when the call binds to the DSL method WorkflowDsl.WorkflowDefinition.<paramref name="name"/>.</summary>
        public static bool IsDefinitionMethod(SemanticModel model, InvocationExpressionSyntax invocation, string name, System.Threading.CancellationToken cancellationToken) =>
            model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
            && method.Name == name
            && method.ContainingType?.Name == "WorkflowDefinition"
            && method.ContainingType.ContainingNamespace?.ToDisplayString() == "WorkflowDsl";
    }
}
