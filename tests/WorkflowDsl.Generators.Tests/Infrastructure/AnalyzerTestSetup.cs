using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using WorkflowDsl.Generators.Diagnostics;

namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Runs the analyzer and code fixes against test sources, referencing the running runtime's
/// assemblies and the DSL instead of reference packages, so tests restore nothing over the network.</summary>
internal static class AnalyzerTestSetup
{
    /// <summary>No reference-assembly package: the references come from <see cref="References"/>.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    /// <summary>The runtime's System.* and netstandard assemblies, DI abstractions and the DSL.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>What a project's implicit usings would give the test sources.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using WorkflowDsl;
        global using WorkflowDsl.Templates;
        """;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var references = trusted
            .Where(path =>
            {
                string name = Path.GetFileNameWithoutExtension(path);
                return name.StartsWith("System.", StringComparison.Ordinal) || name == "System" || name == "netstandard" || name == "mscorlib"
                    || name == "Microsoft.Extensions.DependencyInjection.Abstractions";
            })
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(WorkflowDefinition).Assembly.Location));
        return [.. references];
    }

    /// <summary>Points a test at the local references and adds the global usings.</summary>
    public static TTest Configure<TTest>(TTest test) where TTest : AnalyzerTest<DefaultVerifier>
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(References);
        test.TestState.Sources.Add(("/0/GlobalUsings.cs", GlobalUsings));
        return test;
    }

    /// <summary>Checks that the analyzer reports exactly the diagnostics marked in the sources
    /// (<c>{|WFDSL003:0.Days()|}</c>) and the explicitly expected ones.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync([source], expected);

    public static Task VerifyAnalyzerAsync(string[] sources, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(sources, test => { }, expected);

    public static async Task VerifyAnalyzerAsync(string[] sources, Action<CSharpAnalyzerTest<WorkflowAnalyzer, DefaultVerifier>> configure, params DiagnosticResult[] expected)
    {
        var test = Configure(new CSharpAnalyzerTest<WorkflowAnalyzer, DefaultVerifier>());
        for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        test.ExpectedDiagnostics.AddRange(expected);
        configure(test);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Checks that <typeparamref name="TCodeFix"/> turns <paramref name="source"/> (with its
    /// marked diagnostics) into <paramref name="fixedSource"/>.</summary>
    public static async Task VerifyCodeFixAsync<TCodeFix>(string source, string fixedSource, Action<CSharpCodeFixTest<WorkflowAnalyzer, TCodeFix, DefaultVerifier>>? configure = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = Configure(new CSharpCodeFixTest<WorkflowAnalyzer, TCodeFix, DefaultVerifier>());
        test.TestState.Sources.Add(("/0/Test0.cs", source));
        test.FixedState.Sources.Add(("/0/GlobalUsings.cs", GlobalUsings));
        test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
        configure?.Invoke(test);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>Runs the analyzer over sources and returns what it reports (for tests that check messages or many files).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IEnumerable<(string Path, string Text)> sources, AnalyzerConfigOptionsProvider? options = null)
    {
        var trees = sources.Select(s => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(s.Text, path: s.Path))
            .Append(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(GlobalUsings, path: "GlobalUsings.cs"));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Test", trees, References,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test sources do not compile: " + string.Join("; ", errors));
        var withAnalyzers = compilation.WithAnalyzers([new WorkflowAnalyzer()], new AnalyzerOptions([], options ?? EmptyOptions.Instance));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    private sealed class EmptyOptions : AnalyzerConfigOptionsProvider
    {
        public static EmptyOptions Instance { get; } = new();
        public override AnalyzerConfigOptions GlobalOptions => NoOptions.Instance;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions.Instance;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions.Instance;

        private sealed class NoOptions : AnalyzerConfigOptions
        {
            public static NoOptions Instance { get; } = new();
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = null;
                return false;
            }
        }
    }

    /// <summary>The repository root (the folder holding WorkflowDsl.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WorkflowDsl.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("WorkflowDsl.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
