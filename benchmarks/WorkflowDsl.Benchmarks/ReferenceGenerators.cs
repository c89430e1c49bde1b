using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WorkflowDsl.Benchmarks;

/// <summary>A reference generator: Roslyn's ForAttributeWithMetadataName attribute lookup alone, with a
/// transform that does nothing — what the generator's first step cost before it read syntax only.</summary>
internal sealed class AttributeLookupOnly : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName("WorkflowDsl.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax, static (ctx, _) => ctx.TargetSymbol.Name);
        context.RegisterSourceOutput(names.Collect(), static (_, _) => { });
    }
}
