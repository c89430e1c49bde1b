using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

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

/// <summary>A reference analyzer that registers no action: what attaching any analyzer costs the driver
/// (<c>--analyzer-overhead</c>). A measuring device, not an analyzer to ship: the analyzer-authoring rules do not apply.</summary>
#pragma warning disable RS1036, RS1041, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoActions : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("NOOP001", "never", "never", "none", DiagnosticSeverity.Hidden, false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
    }
}
#pragma warning restore RS1036, RS1041, RS2008

/// <summary>Counts the runtime's allocation-tick events (one per ~100 KB allocated) by type name, to see
/// what a part of the generator allocates (<c>--allocations --by-type</c>).</summary>
internal sealed class AllocationTypes : System.Diagnostics.Tracing.EventListener
{
    public readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> Bytes = new();
    public volatile bool On;

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (!On || e.EventName == null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames == null) return;
        int t = e.PayloadNames.IndexOf("TypeName");
        int a = e.PayloadNames.IndexOf("AllocationAmount64");
        if (t < 0 || e.Payload == null) return;
        long amount = a >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        Bytes.AddOrUpdate(e.Payload[t]?.ToString() ?? "?", amount, (_, v) => v + amount);
    }
}
