using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Generators;

namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Builds C# compilations of test sources as a project referencing WorkflowDsl would see
/// them: the runtime's assemblies, WorkflowDsl, DI abstractions, nullable on, XML docs parsed
/// (so missing-doc warnings show) and the SDK's implicit usings.</summary>
public static class CompilationFactory
{
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static CSharpParseOptions ParseOptions { get; } =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The runtime's assemblies plus WorkflowDsl and Microsoft.Extensions.DependencyInjection.Abstractions.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Only the runtime's assemblies: a project that does not reference WorkflowDsl.</summary>
    public static ImmutableArray<MetadataReference> RuntimeReferences => LazyReferences.Value.RemoveRange(LazyReferences.Value.Length - 2, 2);

    public static CSharpCompilation Create(IEnumerable<string> sources, string assemblyName = "Tests.Workflows", IEnumerable<MetadataReference>? references = null) =>
        Create(sources.Select((source, i) => Parse(source, $"/src/File{i}.cs")), assemblyName, references);

    public static CSharpCompilation Create(string source, string assemblyName = "Tests.Workflows") => Create([source], assemblyName);

    public static CSharpCompilation Create(IEnumerable<SyntaxTree> trees, string assemblyName, IEnumerable<MetadataReference>? references = null) =>
        CSharpCompilation.Create(
            assemblyName,
            [Parse(ImplicitUsings, "/src/GlobalUsings.g.cs"), .. trees],
            references ?? References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true,
                // As in a project with <TreatWarningsAsErrors>: every warning (level 4 and up) is an error.
                generalDiagnosticOption: ReportDiagnostic.Default,
                warningLevel: 9999));

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A driver for the workflow generator, tracking steps for the caching tests.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new WorkflowGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the driver (for re-runs) and the compilation with the generated sources.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }

    /// <summary>Errors and warnings (hidden and info diagnostics left out).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDir, StringComparison.Ordinal))
            .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal);
        return
        [
            .. trusted.Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(WorkflowDsl.Plan.WorkflowPlan).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location),
        ];
    }
}
