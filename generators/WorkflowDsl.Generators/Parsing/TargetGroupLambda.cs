using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Diagnostics;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Checks that a TargetGroup lambda can be copied verbatim into generated code: one chain
    /// of TargetGroup calls on the lambda's parameter, using nothing local to Define().</summary>
    internal static class TargetGroupLambda
    {
        private const string SupportedShape =
            "write the target group as one chain of TargetGroup calls on the lambda's parameter, such as t => t.Assignees(Assignment.Mandatory).InCountry(\"FI\")";

        /// <summary>True when the lambda is supported, false when a diagnostic says why not, null when
        /// the code does not bind (the compiler reports it).</summary>
        public static bool? Check(LambdaExpressionSyntax lambda, SemanticModel model, DiagnosticCollector diagnostics, CancellationToken cancellationToken)
        {
            ParameterSyntax? parameter = lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter
                : lambda is ParenthesizedLambdaExpressionSyntax parenthesized && parenthesized.ParameterList.Parameters.Count == 1 ? parenthesized.ParameterList.Parameters[0]
                : null;
            if (parameter == null) return null;
            var parameterSymbol = model.GetDeclaredSymbol(parameter, cancellationToken);
            if (parameterSymbol == null) return null;
            if (!(lambda.Body is ExpressionSyntax body))
            {
                diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, lambda.Body.GetLocation(),
                    "The target-group lambda has a statement body: " + SupportedShape + ".");
                return false;
            }

            ExpressionSyntax current = body;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = ParserSupport.Unparenthesize(current);
                if (current is InvocationExpressionSyntax invocation)
                {
                    var method = ParserSupport.Method(model, invocation, cancellationToken);
                    if (method == null) return null;
                    if (method.IsStatic || !DslTypes.Is(method.ContainingType, DslTypes.TargetGroup) || !(invocation.Expression is MemberAccessExpressionSyntax member))
                    {
                        diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, ParserSupport.CallLocation(invocation),
                            "The target-group lambda calls '" + method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "', which is not a TargetGroup method: " + SupportedShape + ".");
                        return false;
                    }
                    current = member.Expression;
                    continue;
                }
                if (current is IdentifierNameSyntax identifier && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, parameterSymbol))
                    break;
                if (model.GetTypeInfo(current, cancellationToken).Type?.TypeKind == TypeKind.Error) return null;
                diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, current.GetLocation(),
                    "The target-group chain starts from '" + current + "' instead of the lambda's parameter '" + parameter.Identifier.Text + "': " + SupportedShape + ".");
                return false;
            }

            // Locals and parameters of Define() do not exist in the generated code the lambda is copied to.
            var outside = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var flow = model.AnalyzeDataFlow(lambda);
            if (flow != null && flow.Succeeded)
            {
                foreach (var variable in flow.DataFlowsIn) outside.Add(variable);
                foreach (var variable in flow.ReadInside)
                {
                    if (!flow.VariablesDeclared.Contains(variable)) outside.Add(variable);
                }
            }
            foreach (var identifier in lambda.DescendantNodes())
            {
                if (!(identifier is IdentifierNameSyntax name)) continue;
                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                bool local = symbol is ILocalSymbol || symbol is IParameterSymbol || symbol is IRangeVariableSymbol
                    || (symbol is IMethodSymbol method && method.MethodKind == MethodKind.LocalFunction);
                if (!local) continue;
                bool declaredInside = false;
                foreach (var reference in symbol!.DeclaringSyntaxReferences)
                {
                    if (lambda.Span.Contains(reference.Span)) declaredInside = true;
                }
                if (declaredInside && !outside.Contains(symbol)) continue;
                diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, name.GetLocation(),
                    "The target-group lambda uses '" + name.Identifier.Text + "', which is local to Define(): the generator copies the lambda into generated code where it does not exist. Use a literal, a const or a static member of the class instead.");
                return false;
            }
            return true;
        }
    }
}
