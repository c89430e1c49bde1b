using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Tests.Infrastructure;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>Suppressing an error does not make a workflow vanish silently: the generator emits nothing for a
/// definition with errors, and the registry lists it as not generated with its class and the error ids, so
/// that looking it up says so. The suppression is real: an .editorconfig of the project, applied by the
/// compiler to the compilation the analyzer and the generator run on.</summary>
public class NotGeneratedTests
{
    private const string Source = """
        using WorkflowDsl;

        namespace Tests.Suppressed
        {
            /// <summary>A valid workflow.</summary>
            [Workflow("good")]
            public static partial class Good
            {
                /// <summary>The definition.</summary>
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Good").ForContents("G-1").Invite(Channel.Email);
            }

            /// <summary>Waits zero days (WFDSL003) and has a repeat count of 11 (WFDSL004).</summary>
            [Workflow("broken")]
            public static partial class Broken
            {
                /// <summary>The definition.</summary>
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Broken").ForContents("B-1").Invite(Channel.Email).Wait(0.Days()).WaitAndRepeat(1.Days(), times: 11);
            }

            /// <summary>Holds a private nested workflow scheduled on 31 February (WFDSL015).</summary>
            public static partial class Outer
            {
                [Workflow("never")]
                private static partial class Never
                {
                    public static WorkflowDefinition Define() =>
                        Workflow.Invitation("Never", Channel.Email).ForContents("N-1").Schedule("0 8 31 2 *", "UTC");
                }
            }
        }
        """;

    private const string EditorConfig = """
        root = true

        [*.cs]
        dotnet_diagnostic.WFDSL003.severity = none
        dotnet_diagnostic.WFDSL004.severity = none
        dotnet_diagnostic.WFDSL015.severity = none
        """;

    /// <summary>The project as the compiler sees it: the source and the .editorconfig next to it.</summary>
    private static async Task<(Compilation Compilation, AnalyzerOptions Options)> ProjectWithSuppressionsAsync()
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Tests.Suppressed", "Tests.Suppressed", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: CompilationFactory.ParseOptions,
            metadataReferences: CompilationFactory.References));
        project = project.AddDocument("GlobalUsings.g.cs", CompilationFactory.ImplicitUsings, filePath: "/src/GlobalUsings.g.cs").Project;
        project = project.AddDocument("Workflows.cs", Source, filePath: "/src/Workflows.cs").Project;
        project = project.AddAnalyzerConfigDocument(".editorconfig", SourceText.From(EditorConfig), filePath: "/src/.editorconfig").Project;
        var compilation = await project.GetCompilationAsync() ?? throw new InvalidOperationException("no compilation");
        return (compilation, project.AnalyzerOptions);
    }

    [Fact]
    public async Task Suppressed_errors_leave_the_build_green_and_the_registry_lists_the_workflow_as_not_generated_with_the_diagnostic_ids()
    {
        var (compilation, options) = await ProjectWithSuppressionsAsync();

        // The suppression holds: the analyzer's errors are not reported (without the .editorconfig they are).
        var reported = await compilation.WithAnalyzers([new WorkflowAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(reported, d => d.Severity == DiagnosticSeverity.Error);
        var unsuppressed = await compilation.WithOptions(((CSharpCompilationOptions)compilation.Options).WithSyntaxTreeOptionsProvider(null))
            .WithAnalyzers([new WorkflowAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(["WFDSL003", "WFDSL004", "WFDSL015"], unsuppressed.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().Order());

        var (_, output, generatorDiagnostics) = CompilationFactory.Run(compilation);
        Assert.Empty(generatorDiagnostics);
        var assembly = CompiledAssembly.Load(output);
        var table = assembly.PlanTable("Tests.Suppressed.GeneratedWorkflows");

        Assert.Equal(["good"], table.Plans.Select(p => p.Id));
        Assert.Equal(
            new[]
            {
                new NotGeneratedWorkflow("broken", "Tests.Suppressed.Broken", ["WFDSL003", "WFDSL004"]),
                new NotGeneratedWorkflow("never", "Tests.Suppressed.Outer+Never", ["WFDSL015"]),
            },
            table.NotGenerated, new NotGeneratedComparer());
        var viaRegistry = (IReadOnlyList<NotGeneratedWorkflow>)assembly.GetStatic("Tests.Suppressed.GeneratedWorkflows", "NotGenerated")!;
        Assert.Equal(2, viaRegistry.Count);
    }

    [Fact]
    public async Task Looking_up_a_workflow_that_was_not_generated_says_so_and_names_the_diagnostic_ids()
    {
        var (compilation, _) = await ProjectWithSuppressionsAsync();
        var assembly = CompiledAssembly.Load(CompilationFactory.Run(compilation).Output);
        var table = assembly.PlanTable("Tests.Suppressed.GeneratedWorkflows");
        var broken = assembly.GetType("Tests.Suppressed.Broken", throwOnError: true)!;
        var never = assembly.GetType("Tests.Suppressed.Outer+Never", throwOnError: true)!;

        var error = Assert.Throws<InvalidOperationException>(() => table.PlanOf(broken));
        Assert.Equal(
            "Workflow 'broken' (class Tests.Suppressed.Broken) was not generated: its definition has errors WFDSL003, WFDSL004, which the build did not stop on " +
            "because they were suppressed (for example dotnet_diagnostic.WFDSL003.severity in .editorconfig, or #pragma warning disable). " +
            "Fix the definition (docs/diagnostics/WFDSL003.md) and rebuild; until then the workflow does not exist at run time.", error.Message);
        Assert.Contains("'never' (class Tests.Suppressed.Outer+Never) was not generated: its definition has error WFDSL015,",
            Assert.Throws<InvalidOperationException>(() => table.MermaidDiagramOf(never)).Message);
        Assert.Equal("good", table.PlanOf(assembly.GetType("Tests.Suppressed.Good", throwOnError: true)!).Id);
    }

    [Fact]
    public void A_registry_without_workflows_with_errors_lists_none_as_not_generated()
    {
        var (_, output, _) = CompilationFactory.Run(CompilationFactory.Create(Source.Replace("Wait(0.Days())", "Wait(1.Days())").Replace("times: 11", "times: 2").Replace("31 2 *", "28 2 *"), "Tests.Suppressed"));
        var table = CompiledAssembly.Load(output).PlanTable("Tests.Suppressed.GeneratedWorkflows");
        Assert.Empty(table.NotGenerated);
        // The private nested class's plan lives on the class itself, not in the registry's table.
        Assert.Equal(["broken", "good"], table.Plans.Select(p => p.Id));
    }

    private sealed class NotGeneratedComparer : IEqualityComparer<NotGeneratedWorkflow>
    {
        public bool Equals(NotGeneratedWorkflow? x, NotGeneratedWorkflow? y) =>
            x is not null && y is not null && x.Id == y.Id && x.ClassName == y.ClassName && x.DiagnosticIds.SequenceEqual(y.DiagnosticIds);

        public int GetHashCode(NotGeneratedWorkflow obj) => obj.Id.GetHashCode();
    }
}
