using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Emit
{
    /// <summary>A parsed workflow and whether the registry can name its class (a private nested
    /// class gets its plan, but only its outer class can reach it).</summary>
    internal sealed record WorkflowEntry(WorkflowModel Model, bool VisibleInAssembly);

    /// <summary>What the registry needs of a template: its id and the method that defines it. An empty
    /// id means the generator could not read it from syntax (not a literal): the registry then has the
    /// template built from the method's own attribute at start-up.</summary>
    internal sealed record RegistryTemplate(string Id, string FullyQualifiedTypeName, string MethodName) : System.IComparable<RegistryTemplate>
    {
        public int CompareTo(RegistryTemplate? other) => Names.CompareByIdThenType(Id, FullyQualifiedTypeName + "." + MethodName, other?.Id, other == null ? null : other.FullyQualifiedTypeName + "." + other.MethodName);
    }

    /// <summary>Facts about the compilation the registry depends on.</summary>
    /// <param name="Namespace">The registry's namespace, from the assembly name.</param>
    /// <param name="ReferencesWorkflowDsl">The compilation sees WorkflowDsl.WorkflowAttribute; no registry otherwise.</param>
    /// <param name="HasServiceCollection">The compilation sees IServiceCollection; no AddGeneratedWorkflows otherwise.</param>
    internal sealed record RegistryTarget(string Namespace, bool ReferencesWorkflowDsl, bool HasServiceCollection)
    {
        public const string FallbackNamespace = "WorkflowDsl.Generated";

        public static RegistryTarget From(Compilation compilation) => new RegistryTarget(
            Names.Namespace(compilation.AssemblyName, FallbackNamespace),
            Sees(compilation, "WorkflowDsl", "WorkflowDsl.WorkflowAttribute"),
            Sees(compilation, "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.DependencyInjection.IServiceCollection"));

        /// <summary>True when the compilation sees the type of the assembly that declares it. This runs on
        /// every compilation change (every keystroke in an IDE), so it asks only that referenced assembly,
        /// whose symbol Roslyn reuses from one compilation to the next while the references do not change
        /// (about 0.1 ms): a lookup in the compilation itself (GetTypeByMetadataName, or
        /// ContainsSymbolsWithName) builds the new compilation's merged declarations first, about 3 ms on
        /// 1,000 files. The assembly itself (compiled with the generator) is asked as a whole.</summary>
        private static bool Sees(Compilation compilation, string assemblyName, string metadataName)
        {
            if (compilation.AssemblyName == assemblyName) return compilation.GetTypeByMetadataName(metadataName) != null;
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.Identity.Name == assemblyName && assembly.GetTypeByMetadataName(metadataName) is INamedTypeSymbol type
                    && type.DeclaredAccessibility == Accessibility.Public) return true;
            }
            return false;
        }
    }

    /// <summary>Everything the registry file is written from.</summary>
    /// <param name="Target">Facts about the compilation.</param>
    /// <param name="PlanGroups">The plan-table groups that have rows (see <see cref="PlanTableEmitter"/>),
    /// ascending. Kept apart from the rows so editing a workflow leaves the registry file cached.</param>
    /// <param name="Templates">The code-defined templates.</param>
    /// <param name="NotGenerated">The [Workflow] classes the generator emitted nothing for, by class name.</param>
    internal sealed record RegistryModel(RegistryTarget Target, EquatableArray<int> PlanGroups, EquatableArray<RegistryTemplate> Templates, EquatableArray<NotGeneratedModel> NotGenerated);

    /// <summary>A [Workflow] class the generator emitted nothing for because its definition has errors.</summary>
    /// <param name="Id">The workflow id as written ("" when it is not a literal).</param>
    /// <param name="FullyQualifiedTypeName">"global::Ns.Outer.Broken".</param>
    /// <param name="MetadataName">"Ns.Outer+Broken", the name the run time compares types by.</param>
    /// <param name="DiagnosticIds">The ids of its errors, ascending (empty when the reader could not say).</param>
    internal sealed record NotGeneratedModel(string Id, string FullyQualifiedTypeName, string MetadataName, EquatableArray<string> DiagnosticIds) : System.IComparable<NotGeneratedModel>
    {
        public int CompareTo(NotGeneratedModel? other)
        {
            if (other == null) return 1;
            int c = string.CompareOrdinal(FullyQualifiedTypeName, other.FullyQualifiedTypeName);
            return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
        }
    }
}
