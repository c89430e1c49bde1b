using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WorkflowDsl.Benchmarks;

/// <summary>Generators that do part of what WorkflowGenerator does, to show where its time goes:
/// Roslyn's attribute lookup alone, and the lookup plus binding each Define() body (what any
/// semantic parser has to pay).</summary>
internal sealed class AttributeLookupOnly : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName("WorkflowDsl.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax, static (ctx, _) => ctx.TargetSymbol.Name);
        context.RegisterSourceOutput(names.Collect(), static (_, _) => { });
    }
}

/// <summary>The attribute lookup plus binding every method body of the class.</summary>
internal sealed class AttributeLookupAndBinding : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var counts = context.SyntaxProvider.ForAttributeWithMetadataName("WorkflowDsl.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, ct) => ((ClassDeclarationSyntax)ctx.TargetNode).Members.OfType<MethodDeclarationSyntax>()
                .Sum(m => ctx.SemanticModel.GetDiagnostics(m.Span, ct).Length));
        context.RegisterSourceOutput(counts.Collect(), static (_, _) => { });
    }
}
