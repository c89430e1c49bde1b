using System;
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
    /// <summary>WFDSL004: replaces a repeat count outside 1..10 with the nearest allowed count.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(ClampRepeatCountCodeFix))]
    [Shared]
    public sealed class ClampRepeatCountCodeFix : WorkflowCodeFix
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RepeatCountOutOfRange);

        /// <inheritdoc/>
        protected override NodeReplacement? CreateFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is ArgumentSyntax argument) node = argument.Expression;
            if (!(node is ExpressionSyntax times) || times.Span != diagnostic.Location.SourceSpan) return null;
            var constant = model.GetConstantValue(times, cancellationToken);
            if (!constant.HasValue || !(constant.Value is int count)) return null;
            int clamped = Math.Max(DefinitionRules.MinRepeat, Math.Min(DefinitionRules.MaxRepeat, count));
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(clamped)).WithTriviaFrom(times);
            return new NodeReplacement("Repeat " + clamped + " times", times, literal);
        }
    }
}
