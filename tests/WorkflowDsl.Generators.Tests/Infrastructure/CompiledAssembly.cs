using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Emits a compilation and loads it (in its own load context; WorkflowDsl and the runtime are
/// shared with the test, so plans compare with the test's types).</summary>
public static class CompiledAssembly
{
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, CompilationFactory.Format(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }

    public static object? GetStatic(this Assembly assembly, string typeName, string member)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static;
        return type.GetProperty(member, flags)?.GetValue(null) ?? type.GetField(member, flags)?.GetValue(null)
            ?? throw new InvalidOperationException($"{typeName}.{member} not found");
    }

    /// <summary>The generated registry's plan table (GeneratedWorkflows.PlanTable) of a loaded assembly.</summary>
    public static WorkflowDsl.Plan.PrecompiledPlanTable PlanTable(this Assembly assembly, string registry = "WorkflowDsl.Examples.GeneratedWorkflows") =>
        (WorkflowDsl.Plan.PrecompiledPlanTable)assembly.GetStatic(registry, "PlanTable")!;
}
