using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>What the WorkflowDsl code fixes share: each diagnostic's fix replaces one syntax node of
    /// the document with another, offered under a title, fixable all at once.</summary>
    public abstract class WorkflowCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var fix = CreateFix(root, model, diagnostic, context.CancellationToken);
                if (fix == null) continue;
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(fix.Title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(fix.Node, fix.Replacement))), equivalenceKey: GetType().Name),
                    diagnostic);
            }
        }

        /// <summary>The fix for <paramref name="diagnostic"/>, or null when none can be offered.</summary>
        /// <param name="root">The document's syntax root.</param>
        /// <param name="model">The document's semantic model.</param>
        /// <param name="diagnostic">One of the diagnostics the fix was asked for.</param>
        /// <param name="cancellationToken">Cancels the work.</param>
        protected abstract NodeReplacement? CreateFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>A fix: <see cref="Node"/> of the document is replaced by <see cref="Replacement"/>.</summary>
        protected sealed class NodeReplacement
        {
            /// <summary>A fix titled <paramref name="title"/> that replaces <paramref name="node"/> by <paramref name="replacement"/>.</summary>
            /// <param name="title">What the editor shows.</param>
            /// <param name="node">A node of the document's root.</param>
            /// <param name="replacement">The node that takes its place.</param>
            public NodeReplacement(string title, SyntaxNode node, SyntaxNode replacement)
            {
                Title = title;
                Node = node;
                Replacement = replacement;
            }

            /// <summary>What the editor shows.</summary>
            public string Title { get; }

            /// <summary>The node replaced.</summary>
            public SyntaxNode Node { get; }

            /// <summary>The node that takes its place.</summary>
            public SyntaxNode Replacement { get; }
        }
    }
}
