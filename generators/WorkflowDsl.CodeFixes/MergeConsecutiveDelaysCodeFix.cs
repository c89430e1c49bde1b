using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Rules;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>WFDSL008: merges <c>.Wait(7.Days()).Wait(3.Days())</c> into <c>.Wait(10.Days())</c>.
    /// Offered only when both delays are written as a literal with the same unit and neither has a key,
    /// so the merge is exact and loses nothing.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MergeConsecutiveDelaysCodeFix))]
    [Shared]
    public sealed class MergeConsecutiveDelaysCodeFix : WorkflowCodeFix
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ConsecutiveDelays);

        /// <inheritdoc/>
        protected override NodeReplacement? CreateFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var second = ChainSyntax.FindStepCall(root, diagnostic.Location.SourceSpan);
            if (second == null || !(second.Expression is MemberAccessExpressionSyntax secondMember)) return null;
            if (!(secondMember.Expression is InvocationExpressionSyntax first)) return null;
            if (!ChainSyntax.IsDefinitionMethod(model, second, "Wait", cancellationToken) || !ChainSyntax.IsDefinitionMethod(model, first, "Wait", cancellationToken)) return null;
            if (!TryReadDuration(model, first, out var firstLiteral, out string firstUnit, out long firstCount, cancellationToken)) return null;
            if (!TryReadDuration(model, second, out _, out string secondUnit, out long secondCount, cancellationToken)) return null;
            if (firstUnit != secondUnit) return null;
            long sum = firstCount + secondCount;
            if (sum > int.MaxValue) return null;
            var merged = first.ReplaceNode(firstLiteral!,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)sum)).WithTriviaFrom(firstLiteral!));
            return new NodeReplacement("Merge into Wait(" + sum + "." + firstUnit + "())", second, merged.WithTrailingTrivia(second.GetTrailingTrivia()));
        }

        /// <summary>Reads <c>Wait(N.Unit())</c> with a literal N, one argument and no key.</summary>
        private static bool TryReadDuration(SemanticModel model, InvocationExpressionSyntax wait, out LiteralExpressionSyntax? literal, out string unit, out long count, CancellationToken cancellationToken)
        {
            literal = null;
            unit = "";
            count = 0;
            if (wait.ArgumentList.Arguments.Count != 1 || wait.ArgumentList.Arguments[0].NameColon != null) return false;
            if (!(wait.ArgumentList.Arguments[0].Expression is InvocationExpressionSyntax duration) || duration.ArgumentList.Arguments.Count != 0) return false;
            if (!(duration.Expression is MemberAccessExpressionSyntax member) || !(member.Expression is LiteralExpressionSyntax number) || !number.IsKind(SyntaxKind.NumericLiteralExpression)) return false;
            if (!(model.GetSymbolInfo(duration, cancellationToken).Symbol is IMethodSymbol method) || method.ContainingType?.Name != "Durations"
                || method.ContainingType.ContainingNamespace?.ToDisplayString() != "WorkflowDsl") return false;
            if (!(number.Token.Value is int value)) return false;
            literal = number;
            unit = method.Name;
            count = value;
            return true;
        }
    }
}
