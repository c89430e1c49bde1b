using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Rules;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>WFDSL007: removes the <c>.Wait(...)</c> call that ends the chain.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(RemoveTrailingDelayCodeFix))]
    [Shared]
    public sealed class RemoveTrailingDelayCodeFix : CodeFixProvider
    {
        private const string Title = "Remove the trailing Wait";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TrailingDelay);

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
                var call = ChainSyntax.FindStepCall(root, diagnostic.Location.SourceSpan);
                // A trailing delay that a seed template added has no Wait call to remove.
                if (call == null || !ChainSyntax.IsDefinitionMethod(model, call, "Wait", context.CancellationToken)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => RemoveAsync(context.Document, call, token), equivalenceKey: nameof(RemoveTrailingDelayCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> RemoveAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || !(call.Expression is MemberAccessExpressionSyntax member)) return document;
            var receiver = member.Expression.WithTrailingTrivia(call.GetTrailingTrivia());
            return document.WithSyntaxRoot(root.ReplaceNode(call, receiver));
        }
    }
}
