using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Reads a [Workflow] class's Define() chain into a <see cref="WorkflowModel"/> and the
    /// diagnostics it breaks. The generator uses the model, the analyzer reports the diagnostics.</summary>
    internal static class WorkflowParser
    {
        public const string WorkflowAttributeName = "WorkflowDsl.WorkflowAttribute";

        // STUB: to be written (issue 2). Contract: never throws; returns Model == null when the
        // definition cannot be emitted (any error), with the diagnostics that say why.
        public static ParseResult<WorkflowModel> Parse(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
            => new ParseResult<WorkflowModel>(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
