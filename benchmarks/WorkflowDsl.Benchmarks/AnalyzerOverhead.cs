using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkflowDsl.Benchmarks;

/// <summary><c>--analyzer-overhead</c>: what the analyzer, and the generator and the analyzer together, add
/// to compiling the corpus, measured side by side in one run (interleaved run by run, medians of the
/// per-run ratios to (a), as <c>--compile-only</c>).</summary>
/// <remarks>In a build the analyzer runs on the compiler's own compilation: the declarations it binds
/// (symbols, attributes) are the compiler's, and the method bodies are bound by the compiler anyway. The
/// comparable pair is therefore the compilation's full diagnostics (every body bound; what
/// CompilationWithAnalyzers runs to produce the analyzer driver's events) without analyzers, against the
/// same with the analyzer attached (<c>GetAllDiagnosticsAsync</c>: the same diagnostics plus the
/// analyzer's, from the one compilation). Their difference is the analyzer's cost, and is divided by (a),
/// the compile without generator (create compilation + emit). Both run on the sources with the generated
/// files, as in a build.</remarks>
internal static class AnalyzerOverhead
{
    public static int Run(Func<CSharpCompilation> newCompilation, ImmutableArray<SyntaxTree> generatedTrees, Func<GeneratorDriver> newDriver, int warmups, int runs)
    {
        var analyzer = new WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer();
        var withAnalyzer = new List<double>();
        var withGenerator = new List<double>();
        var together = new List<double>();
        var noop = new List<double>();
        var baselines = new List<double>();
        for (int i = 0; i < warmups + runs; i++)
        {
            GC.Collect();
            var a1 = Time(() => Emit(newCompilation()));
            GC.Collect();
            var g = Time(() =>
            {
                newDriver().RunGeneratorsAndUpdateCompilation(newCompilation(), out var output, out _);
                Emit(output);
            });
            GC.Collect();
            var d = Time(() => _ = newCompilation().AddSyntaxTrees(generatedTrees).GetDiagnostics());
            GC.Collect();
            int reported = 0;
            var f = Time(() => reported = newCompilation().AddSyntaxTrees(generatedTrees).WithAnalyzers([analyzer]).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length);
            GC.Collect();
            var n = Time(() => _ = newCompilation().AddSyntaxTrees(generatedTrees).WithAnalyzers([new NoActions()]).GetAllDiagnosticsAsync().GetAwaiter().GetResult());
            GC.Collect();
            var a2 = Time(() => Emit(newCompilation()));
            double a = (a1 + a2) / 2;
            double analyzerShare = (f - d) / a, generatorShare = (g - a) / a;
            Console.WriteLine($"CPU ms: (a) {a1:F0} / {a2:F0}; with generator {g:F0} (+{100 * generatorShare:F1}%); all diagnostics {d:F0}, with the analyzer {f:F0} (+{100 * analyzerShare:F1}% of (a), {reported} diagnostics), " +
                $"with an analyzer registering nothing {n:F0} (+{100 * (n - d) / a:F1}%); load {Load()}");
            if (i < warmups) continue;
            baselines.Add(a);
            withAnalyzer.Add(analyzerShare);
            withGenerator.Add(generatorShare);
            together.Add(analyzerShare + generatorShare);
            noop.Add((n - d) / a);
        }
        Console.WriteLine($"medians over {runs} runs: (a) {Median(baselines):F0} ms CPU; analyzer +{100 * Median(withAnalyzer):F1}% ({Spread(withAnalyzer)}); " +
            $"generator +{100 * Median(withGenerator):F1}%; generator + analyzer +{100 * Median(together):F1}% ({Spread(together)}); an analyzer registering nothing +{100 * Median(noop):F1}%");
        return 0;
    }

    /// <summary>An analyzer that registers no action: what attaching any analyzer costs the driver. (A
    /// measuring device, not an analyzer to ship: the analyzer-authoring rules do not apply.)</summary>
#pragma warning disable RS1036, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoActions : DiagnosticAnalyzer
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

    private static double Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static void Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Take(5)));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Spread(List<double> shares)
    {
        var sorted = shares.OrderBy(r => r).ToList();
        double Quantile(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
        return $"quartiles +{100 * Quantile(0.25):F1}% / +{100 * Quantile(0.75):F1}%, mean +{100 * sorted.Average():F1}%";
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
