using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkflowDsl.Benchmarks;
using WorkflowDsl.Generators;

// A Stopwatch harness (BenchmarkDotNet's many processes and iterations take too long on 2 shared
// cores): each measurement is warmed up, then the median of N runs is reported.
int workflows = Arg("--workflows", 1000);
int runs = Arg("--runs", 7);
int warmups = Arg("--warmup", 2);

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse);
var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
    optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, deterministic: true);
var references = References();
const string GlobalUsings = "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.Linq;\n";

var files = WorkflowCorpus.Create(workflows);
var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, f.Path))
    .Prepend(CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, "/src/GlobalUsings.cs"))
    .ToImmutableArray();
CSharpCompilation NewCompilation() => CSharpCompilation.Create("Company.Training", trees, references, compilationOptions);
GeneratorDriver NewDriver(bool track) => CSharpGeneratorDriver.Create([new WorkflowGenerator().AsSourceGenerator()], parseOptions: parseOptions,
    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

Console.WriteLine($"WorkflowDsl generator benchmark: {workflows} workflows, {WorkflowCorpus.TemplateFiles} template files, {WorkflowCorpus.UnrelatedFiles} unrelated files ({trees.Sum(t => t.Length) / 1024} KiB of source)");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average at start: {LoadAverage()}");
Console.WriteLine($"method: median of {runs} runs after {warmups} warm-up runs");

// Sanity: the generator emits every workflow and the result compiles without errors.
var generatedTrees = ImmutableArray<SyntaxTree>.Empty;
{
    NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out var generatorDiagnostics);
    int generated = output.SyntaxTrees.Count() - trees.Length;
    generatedTrees = output.SyntaxTrees.Skip(trees.Length).ToImmutableArray();
    var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    // Every workflow has one row (its class's name, packed "<length>:<name>") in the registry's plan table,
    // spread over at most 64 files.
    int rows = generatedTrees.Sum(t => System.Text.RegularExpressions.Regex.Matches(t.ToString(), "s_names\\d\\d = \"(.*)\";")
        .Sum(m => CountPackedRows(m.Groups[1].Value)));
    static int CountPackedRows(string packed)
    {
        int count = 0;
        for (int at = 0; at < packed.Length; count++)
        {
            int colon = packed.IndexOf(':', at);
            at = colon + 1 + int.Parse(packed.AsSpan(at, colon - at));
        }
        return count;
    }
    // Precompiled: the syntax reader was sure of the definition (the row has a plan text; the others are built at start-up).
    int precompiled = trees.Sum(t => WorkflowDsl.Generators.Parsing.SyntaxReader.ReadTree(t, CancellationToken.None).Workflows.Count(e => e.Model.Precompiled));
    Console.WriteLine($"sanity: {generated} generated files (the registry and {generated - 1} plan-table files), {rows} plan-table rows (expected {workflows}), " +
        $"{precompiled} precompiled (plan text, not built at start-up), {errors.Count} errors, {generatorDiagnostics.Length} generator diagnostics");
    foreach (var e in errors.Take(5)) Console.WriteLine("  " + e);
    if (rows != workflows || precompiled != workflows || generated > 65 || errors.Count > 0) return 1;
    if (Array.IndexOf(args, "--dump") is int dump and >= 0 && dump + 1 < args.Length)
    {
        // Writes the corpus and the generated files, to inspect them or compile them elsewhere.
        foreach (var tree in output.SyntaxTrees)
        {
            string path = Path.Combine(args[dump + 1], tree.FilePath.TrimStart('/').Replace(':', '_'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, tree.ToString());
        }
        Console.WriteLine("dumped to " + args[dump + 1]);
        return 0;
    }
}

if (Array.IndexOf(args, "--parse-only") >= 0)
{
    // Only the analyzer's reading, over and over, for a profiler (dotnet-trace) to sample.
    for (int i = 0; i < warmups + runs; i++)
    {
        int bySyntax = 0;
        var (w0, c0) = Time(() => ParseAll(NewCompilation(), new List<WorkflowDsl.Generators.Model.WorkflowModel>(), Reading.None));
        var (w, c) = Time(() => bySyntax = ParseAll(NewCompilation(), new List<WorkflowDsl.Generators.Model.WorkflowModel>(), Reading.Analyzer));
        var (w2, c2) = Time(() => ParseAll(NewCompilation(), new List<WorkflowDsl.Generators.Model.WorkflowModel>(), Reading.Binding));
        var (w3, c3) = Time(() => ParseTemplates(NewCompilation()));
        Console.WriteLine($"attribute lookup only: {w0:F1} ms wall, {c0:F1} ms CPU; the analyzer's reading ({bySyntax} by the syntax reader): {w:F1} ms wall, {c:F1} ms CPU; by binding only: {w2:F1} ms wall, {c2:F1} ms CPU; templates (by binding): {w3:F1} ms wall, {c3:F1} ms CPU");
    }
    return 0;
}

if (Array.IndexOf(args, "--analyzer-parts") >= 0)
{
    // The analyzer's parts on a compilation whose diagnostics the compiler has computed (as in a build,
    // where the analyzer shares the compiler's declarations): finding the [Workflow] classes (symbol and
    // attributes), reading them as the analyzer does, and the templates.
    for (int i = 0; i < warmups + runs; i++)
    {
        var compilation = NewCompilation().AddSyntaxTrees(generatedTrees);
        var (_, compilerMs) = Time(() => compilation.GetDiagnostics());
        var found = new List<(Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax, INamedTypeSymbol, SemanticModel)>();
        var (_, find) = Time(() =>
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes(WorkflowDsl.Generators.Parsing.SyntaxReader.DescendIntoDeclarations))
                {
                    if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax type && type.AttributeLists.Count > 0 && model.GetDeclaredSymbol(type) is INamedTypeSymbol symbol
                        && symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "WorkflowAttribute")) found.Add((type, symbol, model));
                }
            }
        });
        var (_, read) = Time(() => { foreach (var (type, _, _) in found) WorkflowDsl.Generators.Parsing.SyntaxReader.ReadWorkflow(type, CancellationToken.None, forAnalyzer: true); });
        int bySyntax = 0;
        var (_, analyze) = Time(() => { foreach (var (type, symbol, model) in found) if (WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer.Analyze(type, symbol, model, _ => { }, CancellationToken.None).ReadBySyntaxReader) bySyntax++; });
        var (_, templates) = Time(() => ParseTemplates(compilation));
        Console.WriteLine($"CPU ms: compiler diagnostics {compilerMs:F0}; finding {found.Count} [Workflow] classes {find:F1}; syntax reader (analyzer mode) {read:F1}; the analyzer's reading with its checks {analyze:F1} ({bySyntax} by the syntax reader); templates {templates:F1}");
    }
    return 0;
}

if (Array.IndexOf(args, "--analyzer-overhead") >= 0)
{
    AnalyzerOverhead(warmups, runs);
    return 0;
}

if (Array.IndexOf(args, "--generator-only") >= 0)
{
    // Only the generator on a fresh driver and compilation, over and over, for a profiler to sample.
    for (int i = 0; i < warmups + runs; i++)
    {
        var compilation = NewCompilation();
        var driver = NewDriver(false);
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (w, c) = Time(() => driver.RunGenerators(compilation));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine($"generator run: {w:F1} ms wall, {c:F1} ms CPU, {allocated / 1024.0 / 1024.0:F1} MiB allocated, " +
            $"GCs gen0/1/2: {GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}");
    }
    return 0;
}

if (Array.IndexOf(args, "--allocations") >= 0)
{
    // What each part of the generator allocates (the driver's run allocates the sum and its own share;
    // allocation drives the GCs that dominate its CPU time on a large compilation's heap).
    var entries = trees.SelectMany(t => WorkflowDsl.Generators.Parsing.SyntaxReader.ReadTree(t, CancellationToken.None).Workflows).ToList();
    var rowList = entries.Select(e => WorkflowDsl.Generators.Emit.PlanTableEmitter.Row(e.Model)).ToList();
    var generatedTexts = generatedTrees.Select(t => t.GetText()).ToList();
    var shapes = entries.Select(e => WorkflowDsl.Generators.Emit.WorkflowEmitter.Shape(e.Model)).ToList();
    var groupList = rowList.GroupBy(r => r.Group).Select(g => new WorkflowDsl.Generators.Emit.PlanGroup(g.Key, WorkflowDsl.Generators.Model.EquatableArray.ToEquatableArray(g.OrderBy(r => r)))).ToList();
    for (int i = 0; i < warmups + runs; i++)
    {
        var parts = new (string Name, Action Run)[]
        {
            ("driver run (all)", () => NewDriver(false).RunGenerators(NewCompilation())),
            ("registry target", () => WorkflowDsl.Generators.Emit.RegistryTarget.From(NewCompilation())),
            ("compilation.SyntaxTrees", () => _ = NewCompilation().SyntaxTrees.Count()),
            ("syntax reader", () => { foreach (var t in trees) WorkflowDsl.Generators.Parsing.SyntaxReader.ReadTree(t, CancellationToken.None); }),
            ("rows", () => { foreach (var e in entries) WorkflowDsl.Generators.Emit.PlanTableEmitter.Row(e.Model); }),
            ("  shapes", () => { foreach (var e in entries) WorkflowDsl.Generators.Emit.WorkflowEmitter.Shape(e.Model); }),
            ("  mermaid", () => { foreach (var sh in shapes) WorkflowDsl.Generators.Emit.WorkflowEmitter.Mermaid(sh); }),
            ("plan-table files", () => { foreach (var g in groupList) WorkflowDsl.Generators.Emit.PlanTableEmitter.Emit("Company.Training", g.Group, g.Rows); }),
            ("parse generated files", () => { foreach (var t in generatedTexts) CSharpSyntaxTree.ParseText(t, parseOptions); }),
        };
        var line = new List<string>();
        foreach (var (name, run) in parts)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var (w, c) = Time(run);
            line.Add($"{name} {(GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / 1024.0:F2} MiB {c:F1} ms");
        }
        Console.WriteLine(string.Join("; ", line));
    }
    if (Array.IndexOf(args, "--by-type") >= 0)
    {
        // What the syntax reader allocates, by type (sampled: one event per ~100 KB).
        using var listener = new AllocationTypes();
        listener.On = true;
        for (int i = 0; i < 20; i++) foreach (var t in trees) WorkflowDsl.Generators.Parsing.SyntaxReader.ReadTree(t, CancellationToken.None);
        listener.On = false;
        foreach (var (type, bytes) in listener.Bytes.OrderByDescending(p => p.Value).Take(25)) Console.WriteLine($"  {bytes / 20.0 / 1024 / 1024,8:F2} MiB  {type}");
    }
    return 0;
}

if (Array.IndexOf(args, "--generated-breakdown") >= 0)
{
    // Why the plan table: the generated files as emitted (registry + plan table), compared with the
    // packed strings as constants, and with the same workflows emitted as members of each class (WorkflowEmitter, what private nested and generic
    // classes still get: a WorkflowId and a MermaidDiagram constant and a Plan property), compiled with
    // the sources; interleaved, medians of the ratios to (a).
    var perClassModels = new List<WorkflowDsl.Generators.Model.WorkflowModel>();
    ParseAll(NewCompilation(), perClassModels, Reading.Binding);
    var perClass = perClassModels.Select(m => CSharpSyntaxTree.ParseText(WorkflowDsl.Generators.Emit.WorkflowEmitter.Emit(m), parseOptions, "/generated/" + m.FullyQualifiedTypeName + ".g.cs")).ToImmutableArray();
    var variants = new (string Name, ImmutableArray<SyntaxTree> Trees)[]
    {
        ("registry + plan table (as emitted)", generatedTrees),
        ("members on each class instead", perClass),
        // The earlier form: the packed strings as constants (written twice to the assembly).
        ("the same with const strings", Rewrite(generatedTrees, t => t.Replace("private static readonly string s_", "private const string s_"))),
    };
    ImmutableArray<SyntaxTree> Rewrite(ImmutableArray<SyntaxTree> source, Func<string, string> change) =>
        source.Select(t => CSharpSyntaxTree.ParseText(change(t.ToString()), parseOptions, t.FilePath)).ToImmutableArray();
    var shares = variants.Select(_ => new List<double>()).ToArray();
    for (int i = 0; i < warmups + runs; i++)
    {
        GC.Collect();
        var a = Time(() => Emit(NewCompilation()));
        var line = new List<string> { $"(a) {a.CpuMs:F0}" };
        for (int v = 0; v < variants.Length; v++)
        {
            GC.Collect();
            var trees2 = variants[v].Trees;
            var c = Time(() => Emit(NewCompilation().AddSyntaxTrees(trees2)));
            line.Add($"{variants[v].Name} +{100 * (c.CpuMs - a.CpuMs) / a.CpuMs:F1}%");
            if (i >= warmups) shares[v].Add(c.CpuMs / a.CpuMs);
        }
        Console.WriteLine("CPU ms: " + string.Join("; ", line) + $"; load {LoadAverage()}");
    }
    Console.WriteLine($"medians over {runs} runs: " + string.Join("; ", variants.Select((v, i) => $"{v.Name} +{100 * (Median(shares[i]) - 1):F1}%")));
    return 0;
}

if (Array.IndexOf(args, "--compile-only") >= 0)
{
    var only = CompileInterleaved(warmups, runs, print: true);
    Console.WriteLine($"medians over {runs} runs: (a) {only.Baseline.CpuMs:F0} ms CPU; sources + generated files +{100 * (only.GeneratedRatio - 1):F1}%; " +
        $"(b) with generator +{100 * (only.WithRatio - 1):F1}% ({Spread(only.WithRatios)})");
    return 0;
}

// Warm the JIT up on the whole workload first: Roslyn takes several full compilations to reach its
// optimised code, and whatever is measured first would otherwise look slower than the rest.
for (int i = 0; i < 3; i++)
{
    Emit(NewCompilation());
    NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var warmOutput, out _);
    Emit(warmOutput);
}

// (a), (b) and the sources with the generated files, interleaved run by run (see CompileInterleaved):
// measured one after another minutes apart, their medians drift apart by more than the difference.
var compile = CompileInterleaved(warmups, runs, print: false);
var baseline = compile.Baseline;
var withGenerator = new Sample(baseline.WallMs * compile.WithWallRatio, baseline.CpuMs * compile.WithRatio);
// The generated files compiled with the sources, without running the generator: what compiling the
// generated code itself costs, apart from producing it.
var generatedCodeOnly = new Sample(baseline.WallMs * compile.GeneratedWallRatio, baseline.CpuMs * compile.GeneratedRatio);
var generatorOnly = Measure(() => NewDriver(false).RunGenerators(NewCompilation()));
// What the generator did before it read syntax only: ForAttributeWithMetadataName's attribute lookup
// alone (before any transform), and the symbol-based parser the analyzer now runs.
var lookupOnly = Measure(() => CSharpGeneratorDriver.Create([new AttributeLookupOnly().AsSourceGenerator()], parseOptions: parseOptions).RunGenerators(NewCompilation()));
var models = new List<WorkflowDsl.Generators.Model.WorkflowModel>();
int analyzerBySyntax = 0;
var analyzerReading = Measure(() => analyzerBySyntax = ParseAll(NewCompilation(), new List<WorkflowDsl.Generators.Model.WorkflowModel>(), Reading.Analyzer));
var symbolParse = Measure(() =>
{
    models.Clear();
    ParseAll(NewCompilation(), models, Reading.Binding);
});
// The diagnostics: WorkflowAnalyzer on a fresh compilation (it binds what it needs itself; in a build it
// runs beside the compiler, in the IDE in the background), reported apart from the generator.
var analyzer = Measure(() => NewCompilation().WithAnalyzers([new WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
// The generator's own parts: reading every file's syntax, and writing the rows.
int syntaxModels = 0;
var syntaxRead = Measure(() =>
{
    syntaxModels = 0;
    foreach (var tree in trees) syntaxModels += WorkflowDsl.Generators.Parsing.SyntaxReader.ReadTree(tree, CancellationToken.None).Workflows.Count;
});
var rowsOnly = Measure(() =>
{
    foreach (var model in models) WorkflowDsl.Generators.Emit.PlanTableEmitter.Row(model);
});

// Re-runs after edits, as the IDE does on every keystroke: the driver keeps its state between runs.
var unrelatedTree = trees.First(t => t.FilePath.EndsWith("Service07.cs", StringComparison.Ordinal));
var workflowTree = trees.First(t => t.FilePath.EndsWith("Workflow0005.cs", StringComparison.Ordinal));
(Sample Time, int NotCached) Rerun(SyntaxTree original, Func<int, string> edit, Func<bool, GeneratorDriver>? driverFactory = null)
{
    driverFactory ??= NewDriver;
    var compilation = NewCompilation();
    var timedDriver = driverFactory(false).RunGenerators(compilation);
    var trackedDriver = driverFactory(true).RunGenerators(compilation);
    var current = original;
    int edits = 0;
    var wall = new List<double>();
    var cpu = new List<double>();
    int notCached = 0;
    // An edit re-run takes milliseconds, so it gets many more warm-up edits and runs than the
    // compilations: enough for the JIT to finish tiering up the per-edit code paths, and a median of
    // at least 21 edits.
    int editWarmups = Math.Max(warmups, 20), editRuns = Math.Max(runs, 21);
    for (int i = 0; i < editWarmups + editRuns; i++)
    {
        var next = CSharpSyntaxTree.ParseText(edit(++edits), parseOptions, original.FilePath);
        compilation = compilation.ReplaceSyntaxTree(current, next);
        current = next;
        var (w, c) = Time(() => timedDriver = timedDriver.RunGenerators(compilation));
        if (i >= editWarmups)
        {
            wall.Add(w);
            cpu.Add(c);
        }
        trackedDriver = trackedDriver.RunGenerators(compilation);
        notCached = Math.Max(notCached, NotCachedSteps(trackedDriver));
    }
    return (new Sample(Median(wall), Median(cpu)), notCached);
}
var unrelated = Rerun(unrelatedTree, edit => WorkflowCorpus.Unrelated(7, edit));
var oneWorkflow = Rerun(workflowTree, edit => WorkflowCorpus.Workflow(5, waitDays: 10 + edit % 2));
// What ForAttributeWithMetadataName alone costs on the same edit: Roslyn re-runs its attribute lookup
// (and the transform) for every matching class on every compilation change.
GeneratorDriver ReferenceDriver(IIncrementalGenerator generator, bool track) => CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parseOptions,
    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));
var oneWorkflowLookupOnly = Rerun(workflowTree, edit => WorkflowCorpus.Workflow(5, waitDays: 10 + edit % 2), track => ReferenceDriver(new AttributeLookupOnly(), track));

Console.WriteLine();
Console.WriteLine("| measurement | wall ms (median) | CPU ms (median) | CPU vs baseline |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Row("(a) compile without generator (create compilation + emit; median of the interleaved runs)", baseline);
Row("(b) generator run alone (fresh driver, fresh compilation)", generatorOnly);
Row("(b) compile with generator (generator run + emit of the result; (a) x median of the per-run ratios)", withGenerator, $" (+{Percent(withGenerator.CpuMs - baseline.CpuMs)})");
Row("  of which: compiling the generated files (sources + generated files, no generator, minus (a))", new Sample(generatedCodeOnly.WallMs - baseline.WallMs, generatedCodeOnly.CpuMs - baseline.CpuMs));
Row("  of which: the generator run (compile with generator minus compile of sources + generated files)", new Sample(withGenerator.WallMs - generatedCodeOnly.WallMs, withGenerator.CpuMs - generatedCodeOnly.CpuMs));
Row($"  of which: the syntax reader over every file ({syntaxModels} workflow models)", syntaxRead);
Row("  of which: writing every plan-table row (plan text and diagram)", rowsOnly);
Row("  reference: ForAttributeWithMetadataName's [Workflow] attribute lookup alone (the old pipeline's first step)", lookupOnly);
Row($"  reference: the analyzer's reading of every [Workflow] class (the syntax reader, its names bound; {analyzerBySyntax} of {models.Count} taken from it)", analyzerReading);
Row($"  reference: the binding parser over every [Workflow] class ({models.Count} models; the analyzer's where the syntax reader is not sure)", symbolParse);
Row("(e) the analyzer's diagnostics on a fresh compilation (not part of the generator; beside the compiler in a build)", analyzer);
Row("(c) re-run after an unrelated edit", unrelated.Time);
Row("(d) re-run after editing one workflow", oneWorkflow.Time);
Row("  reference: ForAttributeWithMetadataName's attribute lookup alone, re-run after the same edit", oneWorkflowLookupOnly.Time);
Console.WriteLine();
Console.WriteLine($"(c) tracked step outputs neither Cached nor Unchanged after an unrelated edit: {unrelated.NotCached} (target 0)");
Console.WriteLine($"(d) tracked step outputs Modified/New/Removed after editing one workflow: {oneWorkflow.NotCached}");
Console.WriteLine($"(b) compile with generator over the {runs} interleaved runs: {Spread(compile.WithRatios)}");
Console.WriteLine($"load average at end: {LoadAverage()}");
return 0;

// --analyzer-overhead: what the analyzer, and the generator and the analyzer together, add to compiling
// the corpus, interleaved run by run as CompileInterleaved (medians of the per-run shares of (a)). In a
// build the analyzer runs on the compiler's own compilation: the declarations it binds are the
// compiler's, and the method bodies are bound by the compiler anyway. So the pair compared is the
// compilation's full diagnostics (every body bound: what CompilationWithAnalyzers runs to raise the
// analyzer driver's events) without analyzers, against the same with the analyzer attached
// (GetAllDiagnosticsAsync: the same diagnostics plus the analyzer's, from one compilation); their
// difference, divided by (a), is the analyzer's share. Both run on the sources with the generated
// files, as in a build. An analyzer registering nothing is measured too: what attaching any analyzer
// costs (a real build always has analyzers: the SDK's and the compiler's own).
void AnalyzerOverhead(int warm, int count)
{
    var analyzer = new WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer();
    // As csc runs analyzers: concurrently, without timing each action.
    var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
    var analyzerShares = new List<double>();
    var generatorShares = new List<double>();
    var togetherShares = new List<double>();
    var noopShares = new List<double>();
    var baselineCpu = new List<double>();
    for (int i = 0; i < warm + count; i++)
    {
        GC.Collect();
        var a1 = Time(() => Emit(NewCompilation())).CpuMs;
        GC.Collect();
        var g = Time(() =>
        {
            NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
            Emit(output);
        }).CpuMs;
        GC.Collect();
        var d = Time(() => _ = NewCompilation().AddSyntaxTrees(generatedTrees).GetDiagnostics()).CpuMs;
        GC.Collect();
        int reported = 0;
        var f = Time(() => reported = NewCompilation().AddSyntaxTrees(generatedTrees).WithAnalyzers([analyzer], options)
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult().Count(x => x.Id.StartsWith("WFDSL", StringComparison.Ordinal))).CpuMs;
        GC.Collect();
        var n = Time(() => _ = NewCompilation().AddSyntaxTrees(generatedTrees).WithAnalyzers([new NoActions()], options).GetAllDiagnosticsAsync().GetAwaiter().GetResult()).CpuMs;
        GC.Collect();
        var a2 = Time(() => Emit(NewCompilation())).CpuMs;
        double a = (a1 + a2) / 2, analyzerShare = (f - d) / a, generatorShare = (g - a) / a;
        Console.WriteLine($"CPU ms: (a) {a1:F0} / {a2:F0}; with generator {g:F0} (+{100 * generatorShare:F1}%); all diagnostics {d:F0}, with the analyzer {f:F0} (+{100 * analyzerShare:F1}% of (a), {reported} WFDSL diagnostics), " +
            $"with an analyzer registering nothing {n:F0} (+{100 * (n - d) / a:F1}%); load {LoadAverage()}");
        if (i < warm) continue;
        baselineCpu.Add(a);
        analyzerShares.Add(1 + analyzerShare);
        generatorShares.Add(1 + generatorShare);
        togetherShares.Add(1 + analyzerShare + generatorShare);
        noopShares.Add(1 + (n - d) / a);
    }
    Console.WriteLine($"medians over {count} runs: (a) {Median(baselineCpu):F0} ms CPU; analyzer +{100 * (Median(analyzerShares) - 1):F1}% ({Spread(analyzerShares)}); " +
        $"generator +{100 * (Median(generatorShares) - 1):F1}%; generator + analyzer +{100 * (Median(togetherShares) - 1):F1}% ({Spread(togetherShares)}); " +
        $"an analyzer registering nothing +{100 * (Median(noopShares) - 1):F1}%; load at end {LoadAverage()}");
}

// The compilations interleaved, and the medians of the per-run ratios: on a busy machine, ratios of
// measurements taken seconds apart are steadier than medians taken minutes apart. Each run measures
// the baseline before and after the other two and compares them with the mean of both, so a drift
// within the run (JIT tiering, other load) cancels out; the runs before `warm` ends warm the JIT up
// and are not counted.
(Sample Baseline, double GeneratedRatio, double WithRatio, double GeneratedWallRatio, double WithWallRatio, List<double> WithRatios) CompileInterleaved(int warm, int count, bool print)
{
    var generatedRatios = new List<double>();
    var withRatios = new List<double>();
    var generatedWallRatios = new List<double>();
    var withWallRatios = new List<double>();
    var baselineCpu = new List<double>();
    var baselineWall = new List<double>();
    for (int i = 0; i < warm + count; i++)
    {
        GC.Collect();
        var a1 = Time(() => Emit(NewCompilation()));
        GC.Collect();
        var w = Time(() =>
        {
            NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
            Emit(output);
        });
        GC.Collect();
        var g = Time(() => Emit(NewCompilation().AddSyntaxTrees(generatedTrees)));
        GC.Collect();
        var a2 = Time(() => Emit(NewCompilation()));
        var a = new Sample((a1.WallMs + a2.WallMs) / 2, (a1.CpuMs + a2.CpuMs) / 2);
        if (print)
        {
            Console.WriteLine($"CPU ms: (a) without generator {a1.CpuMs:F0} / {a2.CpuMs:F0}; sources + generated files {g.CpuMs:F0} (+{100 * (g.CpuMs - a.CpuMs) / a.CpuMs:F1}%); " +
                $"(b) with generator {w.CpuMs:F0} (+{100 * (w.CpuMs - a.CpuMs) / a.CpuMs:F1}%); load {LoadAverage()}");
        }
        if (i < warm) continue;
        baselineCpu.Add(a.CpuMs);
        baselineWall.Add(a.WallMs);
        generatedRatios.Add(g.CpuMs / a.CpuMs);
        withRatios.Add(w.CpuMs / a.CpuMs);
        generatedWallRatios.Add(g.WallMs / a.WallMs);
        withWallRatios.Add(w.WallMs / a.WallMs);
    }
    return (new Sample(Median(baselineWall), Median(baselineCpu)), Median(generatedRatios), Median(withRatios), Median(generatedWallRatios), Median(withWallRatios), withRatios);
}

Sample Measure(Action action)
{
    for (int i = 0; i < warmups; i++) action();
    var wall = new List<double>();
    var cpu = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var (w, c) = Time(action);
        wall.Add(w);
        cpu.Add(c);
    }
    return new Sample(Median(wall), Median(cpu));
}

// Reads every [Workflow] class as the analyzer does (or only finds them, or reads them by binding);
// returns how many readings the analyzer took from the syntax reader.
static int ParseAll(Compilation compilation, List<WorkflowDsl.Generators.Model.WorkflowModel> models, Reading reading)
{
    int readBySyntax = 0;
    foreach (var tree in compilation.SyntaxTrees)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var type in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
        {
            if (type.AttributeLists.Count == 0 || model.GetDeclaredSymbol(type) is not INamedTypeSymbol symbol) continue;
            if (!symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "WorkflowDsl.WorkflowAttribute")) continue;
            if (reading == Reading.None) continue;
            var analysis = reading == Reading.Analyzer
                ? WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer.Analyze(type, symbol, model, _ => { }, CancellationToken.None)
                : WorkflowDsl.Generators.Parsing.WorkflowParser.Analyze(type, symbol, model, CancellationToken.None);
            if (analysis.ReadBySyntaxReader) readBySyntax++;
            if (analysis.Result.Model is { } parsed) models.Add(parsed);
        }
    }
    return readBySyntax;
}

// Reads every [MessageTemplate] method as the analyzer does (by binding).
static void ParseTemplates(Compilation compilation)
{
    foreach (var tree in compilation.SyntaxTrees)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
        {
            if (method.AttributeLists.Count == 0 || model.GetDeclaredSymbol(method) is not IMethodSymbol symbol) continue;
            if (!symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "WorkflowDsl.MessageTemplateAttribute")) continue;
            WorkflowDsl.Generators.Parsing.TemplateParser.Analyze(method, symbol, model, 3, CancellationToken.None);
        }
    }
}

// Wall-clock time and this process's CPU time: on a shared machine the CPU time is the steadier
// figure, as waiting for a core does not count.

static (double WallMs, double CpuMs) Time(Action action)
{
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    action();
    clock.Stop();
    process.Refresh();
    return (clock.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
}

static void Emit(Compilation compilation)
{
    using var stream = new MemoryStream();
    var result = compilation.Emit(stream);
    if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Take(5)));
}

static int NotCachedSteps(GeneratorDriver driver)
{
    var result = driver.GetRunResult().Results.Single();
    var names = typeof(TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
    // The SyntaxTrees step's values are the compilation's trees: the edited file is a new tree there by definition.
    return result.TrackedSteps.Where(kv => names.Contains(kv.Key) && kv.Key != TrackingNames.SyntaxTrees).SelectMany(kv => kv.Value)
        .Concat(result.TrackedOutputSteps.SelectMany(kv => kv.Value))
        .SelectMany(step => step.Outputs)
        .Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
}

// The spread of the per-run ratios: single runs scatter widely on a shared machine, so the quartiles
// and the mean say how far one median can be trusted.
static string Spread(List<double> ratios)
{
    var sorted = ratios.OrderBy(r => r).ToList();
    double Quantile(double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
    return $"per-run quartiles +{100 * (Quantile(0.25) - 1):F1}% / +{100 * (Quantile(0.75) - 1):F1}%, mean +{100 * (sorted.Average() - 1):F1}%";
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

string Percent(double ms) => (100 * ms / baseline.CpuMs).ToString("F1") + "%";

void Row(string name, Sample sample, string extra = "") =>
    Console.WriteLine($"| {name} | {sample.WallMs:F1} | {sample.CpuMs:F1} | {Percent(sample.CpuMs)}{extra} |");

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int value) ? value : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static ImmutableArray<MetadataReference> References()
{
    string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal));
    return
    [
        .. trusted.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(WorkflowDsl.Plan.WorkflowPlan).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
    ];
}

internal readonly record struct Sample(double WallMs, double CpuMs);

internal enum Reading { None, Analyzer, Binding }
