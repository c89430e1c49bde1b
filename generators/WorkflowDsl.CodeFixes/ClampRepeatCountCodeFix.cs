using System;
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
    /// <summary>WFDSL004: replaces a repeat count outside 1..10 with the nearest allowed count.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(ClampRepeatCountCodeFix))]
    [Shared]
    public sealed class ClampRepeatCountCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RepeatCountOutOfRange);

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
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node is ArgumentSyntax argument) node = argument.Expression;
                if (!(node is ExpressionSyntax times) || times.Span != diagnostic.Location.SourceSpan) continue;
                var constant = model.GetConstantValue(times, context.CancellationToken);
                if (!constant.HasValue || !(constant.Value is int count)) continue;
                int clamped = Math.Max(DefinitionRules.MinRepeat, Math.Min(DefinitionRules.MaxRepeat, count));
                context.RegisterCodeFix(
                    CodeAction.Create("Repeat " + clamped + " times", token => ReplaceAsync(context.Document, times, clamped, token), equivalenceKey: nameof(ClampRepeatCountCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax times, int clamped, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null) return document;
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(clamped)).WithTriviaFrom(times);
            return document.WithSyntaxRoot(root.ReplaceNode(times, literal));
        }
    }
}
