using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
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
    public sealed class MergeConsecutiveDelaysCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ConsecutiveDelays);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var second = ChainSyntax.FindStepCall(root, diagnostic.Location.SourceSpan);
                if (second == null || !(second.Expression is MemberAccessExpressionSyntax secondMember)) continue;
                if (!(secondMember.Expression is InvocationExpressionSyntax first)) continue;
                if (!ChainSyntax.IsDefinitionMethod(model, second, "Wait", context.CancellationToken) || !ChainSyntax.IsDefinitionMethod(model, first, "Wait", context.CancellationToken)) continue;
                if (!TryReadDuration(model, first, out var firstLiteral, out string firstUnit, out long firstCount, context.CancellationToken)) continue;
                if (!TryReadDuration(model, second, out _, out string secondUnit, out long secondCount, context.CancellationToken)) continue;
                if (firstUnit != secondUnit) continue;
                long sum = firstCount + secondCount;
                if (sum > int.MaxValue) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Merge into Wait(" + sum + "." + firstUnit + "())",
                        token => MergeAsync(context.Document, second, first, firstLiteral!, (int)sum, token), equivalenceKey: nameof(MergeConsecutiveDelaysCodeFix)),
                    diagnostic);
            }
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

        private static async Task<Document> MergeAsync(Document document, InvocationExpressionSyntax second, InvocationExpressionSyntax first, LiteralExpressionSyntax firstLiteral, int sum, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null) return document;
            var merged = first.ReplaceNode(firstLiteral,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(sum)).WithTriviaFrom(firstLiteral));
            return document.WithSyntaxRoot(root.ReplaceNode(second, merged.WithTrailingTrivia(second.GetTrailingTrivia())));
        }
    }
}
