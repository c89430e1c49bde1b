using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace WorkflowDsl.Generators.Tests.Robustness;

/// <summary>Neither the generator nor the analyzer may throw on any source, however broken: a
/// generator exception fails the user's build (CS8785), an analyzer exception shows as AD0001.</summary>
public class MutationTests(ITestOutputHelper output)
{
    private const string ReadmeExample = """
        using WorkflowDsl;

        [Workflow("security-awareness")]
        public static partial class SecurityAwareness
        {
            public static WorkflowDefinition Define() =>
                Workflow.Named("Security awareness 2026")
                    .ForContents("SEC-101", "SEC-102")
                    .Labels("it", "emea")
                    .TargetGroup(t => t.Assignees(Assignment.Mandatory)
                                       .ExcludingCompleted()
                                       .Where(u => u.Country == "FI"))
                    .Invite(Channel.Email | Channel.Push)
                    .Wait(30.Days())
                    .Remind(Channel.Email)
                    .WaitAndRepeat(7.Days(), times: 3)
                    .RemindManager(Channel.Email);
        }
        """;

    public static TheoryData<string> Sources() =>
    [
        "examples/WorkflowDsl.Examples/Workflows/ForkliftSafety.cs",
        "examples/WorkflowDsl.Examples/Workflows/SeedWorkflows.cs",
        "README",
    ];

    private const int MinimumMutants = 50;
    private static readonly TimeSpan BudgetPerSource = TimeSpan.FromSeconds(6);

    /// <summary>The analyzer, by type (a renamed or moved analyzer fails to compile here rather than
    /// silently leaving the analyzer out of the test).</summary>
    private static DiagnosticAnalyzer CreateAnalyzer()
    {
        var analyzer = new WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer();
        Assert.NotEmpty(analyzer.SupportedDiagnostics);
        return analyzer;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Generator_and_analyzer_never_throw_on_mutated_sources(string sourcePath)
    {
        string source = sourcePath == "README" ? ReadmeExample : RepoFiles.Read(sourcePath);
        var analyzer = CreateAnalyzer();
        // A fixed shuffle, so any prefix mixes every kind of mutation; the time budget bounds the test
        // on a busy 2-core machine (at least MinimumMutants run whatever the time).
        var shuffle = new Random(20261125);
        var mutants = Mutants.Of(source, truncations: 40, tokenDeletions: 40, lineDuplications: 12)
            .OrderBy(_ => shuffle.Next()).ToList();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int run = 0;
        int readBySyntax = 0;
        string current = "";
        // The parsers catch their own exceptions (so the build never breaks) and report them here.
        void Record(Exception e)
        {
            lock (failures) failures.Add($"{current}: parser caught {e}");
        }
        WorkflowDsl.Generators.Parsing.ParserFailures.Caught += Record;
        try
        {
            foreach (var (kind, mutant) in mutants)
            {
                if (run >= MinimumMutants && clock.Elapsed > BudgetPerSource) break;
                run++;
                current = kind;
                var compilation = CompilationFactory.Create([mutant], "Mutants");
                var (driver, generated, diagnostics) = CompilationFactory.Run(compilation);
                var result = driver.Result();
                if (result.Exception != null) failures.Add($"{kind}: generator threw {result.Exception}");
                foreach (var d in diagnostics.Where(d => d.Id == "CS8785" || d.Severity == DiagnosticSeverity.Error))
                    failures.Add($"{kind}: generator reported {d}");

                // The generator's syntax reader (run above on every tree) is also read class by class, as the
                // analyzer does: it must not throw (ParserFailures would record what it caught), whatever the class.
                foreach (var tree in compilation.SyntaxTrees)
                {
                    foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
                    {
                        try
                        {
                            WorkflowDsl.Generators.Parsing.SyntaxReader.ReadWorkflow(declaration, CancellationToken.None);
                        }
                        catch (Exception e)
                        {
                            failures.Add($"{kind}: syntax reader threw {e}");
                        }
                    }
                }

                // Where the analyzer takes the syntax reader's reading, it gives what binding the definition
                // gives: the same diagnostics (ids, spans, messages), model, id and message steps.
                foreach (var (declaration, symbol, model) in ParserHarness.WorkflowDeclarations(compilation))
                {
                    try
                    {
                        var bound = WorkflowDsl.Generators.Parsing.WorkflowParser.Analyze(declaration, symbol, model, CancellationToken.None);
                        if (ParserHarness.AssertAnalyzerReadingAgrees(declaration, symbol, model, bound)) readBySyntax++;
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{kind}: the analyzer's reading differs from binding: {e.Message}");
                    }
                }

                // Code generated from a source that compiles must compile too.
                if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
                    foreach (var d in generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && generatedTrees.Contains(d.Location.SourceTree!)))
                        failures.Add($"{kind}: generated code does not compile: {d}");
                }

                {
                    var exceptions = new ConcurrentBag<string>();
                    var options = new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                        onAnalyzerException: (e, _, _) => exceptions.Add(e.ToString()),
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: false,
                        reportSuppressedDiagnostics: false);
                    var withAnalyzers = compilation.WithAnalyzers([analyzer], options);
                    var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
                    foreach (var e in exceptions) failures.Add($"{kind}: analyzer threw {e}");
                    foreach (var d in analyzerDiagnostics.Where(d => d.Id == "AD0001"))
                        failures.Add($"{kind}: {d}");
                }
            }
        }
        finally
        {
            WorkflowDsl.Generators.Parsing.ParserFailures.Caught -= Record;
        }

        output.WriteLine($"{run} of {mutants.Count} mutants of {sourcePath} in {clock.ElapsedMilliseconds} ms; {readBySyntax} workflow readings taken from the syntax reader and equal to binding");
        Assert.True(mutants.Count >= 100, "too few mutants: " + mutants.Count);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }
}
