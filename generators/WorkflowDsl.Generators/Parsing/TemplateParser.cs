using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Reads a [MessageTemplate] method into a <see cref="TemplateModel"/> and its diagnostics.</summary>
    internal static class TemplateParser
    {
        public const string TemplateAttributeName = "WorkflowDsl.MessageTemplateAttribute";

        // STUB: to be written (issue 2). Same contract as WorkflowParser.Parse.
        public static ParseResult<TemplateModel> Parse(MethodDeclarationSyntax declaration, IMethodSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
            => new ParseResult<TemplateModel>(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
