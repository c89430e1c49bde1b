using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Parsing;
using WorkflowDsl.Rules;

namespace WorkflowDsl.CodeFixes
{
    /// <summary>WFDSL025: writes <c>key: "..."</c> on every step of the workflow that the warning reports,
    /// each with its current derived key, so the keys stop depending on the steps' order and nothing
    /// changes for runs already made. The workflow is read again as the analyzer reads it, so one fix
    /// settles all of the workflow's warnings (the fix of each of them writes the same keys).</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(WriteStepKeysCodeFix))]
    [Shared]
    public sealed class WriteStepKeysCodeFix : WorkflowCodeFix
    {
        private const string Title = "Write explicit step keys";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DerivedKeysCollide);

        /// <inheritdoc/>
        protected override NodeReplacement? CreateFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Location.SourceSpan.End > root.FullSpan.End) return null;
            var workflowAttribute = model.Compilation.GetTypeByMetadataName(WorkflowParser.WorkflowAttributeName);
            if (workflowAttribute == null) return null;
            foreach (var declaration in root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<ClassDeclarationSyntax>())
            {
                if (!(model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol symbol)) continue;
                if (!symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, workflowAttribute))) continue;
                var analysis = WorkflowAnalyzer.Analyze(declaration, symbol, model, _ => { }, cancellationToken);
                var keys = new Dictionary<InvocationExpressionSyntax, string>();
                foreach (var info in analysis.Result.Diagnostics)
                {
                    if (info.Id != RuleIds.DerivedKeysCollide || info.MessageArgs.Count < 2 || info.Location == null) continue;
                    if (info.Location.FilePath != root.SyntaxTree.FilePath) continue;
                    var call = ChainSyntax.FindStepCall(root, info.Location.Span);
                    if (call == null || !declaration.Span.Contains(call.Span)) continue;
                    if (call.ArgumentList.Arguments.Any(a => a.NameColon?.Name.Identifier.Text == "key")) continue;
                    keys[call] = info.MessageArgs[1];
                }
                if (keys.Count == 0) return null;
                var fixedDeclaration = declaration.ReplaceNodes(keys.Keys, (original, rewritten) => WithKey(rewritten, keys[original]));
                return new NodeReplacement(Title, declaration, fixedDeclaration);
            }
            return null;
        }

        /// <summary>The call with <c>key: "..."</c> added as its last argument, written as a person would (<c>Remind(Channel.Email, key: "remind-2")</c>).</summary>
        private static InvocationExpressionSyntax WithKey(InvocationExpressionSyntax call, string key)
        {
            var argument = SyntaxFactory.Argument(
                SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("key"), SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)),
                default,
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(key)));
            var arguments = call.ArgumentList.Arguments;
            var separators = arguments.GetSeparators().ToList();
            if (arguments.Count > 0) separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            var list = SyntaxFactory.SeparatedList(arguments.Add(argument), separators);
            return call.WithArgumentList(call.ArgumentList.WithArguments(list));
        }
    }
}
