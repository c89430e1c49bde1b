using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Rules;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>WFDSL007: removes the <c>.Wait(...)</c> call that ends the chain.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(RemoveTrailingDelayCodeFix))]
    [Shared]
    public sealed class RemoveTrailingDelayCodeFix : WorkflowCodeFix
    {
        private const string Title = "Remove the trailing Wait";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TrailingDelay);

        /// <inheritdoc/>
        protected override NodeReplacement? CreateFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var call = ChainSyntax.FindStepCall(root, diagnostic.Location.SourceSpan);
            // A trailing delay that a seed template added has no Wait call to remove.
            if (call == null || !ChainSyntax.IsDefinitionMethod(model, call, "Wait", cancellationToken)) return null;
            if (!(call.Expression is MemberAccessExpressionSyntax member)) return null;
            return new NodeReplacement(Title, call, member.Expression.WithTrailingTrivia(call.GetTrailingTrivia()));
        }
    }
}
