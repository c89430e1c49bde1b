using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
{
    NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out var generatorDiagnostics);
    int generated = output.SyntaxTrees.Count() - trees.Length;
    var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    Console.WriteLine($"sanity: {generated} generated files (expected {workflows + 1}), {errors.Count} errors, {generatorDiagnostics.Length} generator diagnostics");
    foreach (var e in errors.Take(5)) Console.WriteLine("  " + e);
    if (generated != workflows + 1 || errors.Count > 0) return 1;
}

double baseline = Measure(() => Emit(NewCompilation()));
double generatorOnly = Measure(() => NewDriver(false).RunGenerators(NewCompilation()));
double withGenerator = Measure(() =>
{
    NewDriver(false).RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
    Emit(output);
});

// Re-runs after edits, as the IDE does on every keystroke: the driver keeps its state between runs.
var unrelatedTree = trees.First(t => t.FilePath.EndsWith("Service07.cs", StringComparison.Ordinal));
var workflowTree = trees.First(t => t.FilePath.EndsWith("Workflow0005.cs", StringComparison.Ordinal));
(double Ms, int NotCached) Rerun(SyntaxTree original, Func<int, string> edit)
{
    var compilation = NewCompilation();
    var timedDriver = NewDriver(false).RunGenerators(compilation);
    var trackedDriver = NewDriver(true).RunGenerators(compilation);
    var current = original;
    int edits = 0;
    var times = new List<double>();
    int notCached = 0;
    for (int i = 0; i < warmups + runs; i++)
    {
        var next = CSharpSyntaxTree.ParseText(edit(++edits), parseOptions, original.FilePath);
        compilation = compilation.ReplaceSyntaxTree(current, next);
        current = next;
        var clock = Stopwatch.StartNew();
        timedDriver = timedDriver.RunGenerators(compilation);
        clock.Stop();
        if (i >= warmups) times.Add(clock.Elapsed.TotalMilliseconds);
        trackedDriver = trackedDriver.RunGenerators(compilation);
        notCached = Math.Max(notCached, NotCachedSteps(trackedDriver));
    }
    return (Median(times), notCached);
}
var unrelated = Rerun(unrelatedTree, edit => WorkflowCorpus.Unrelated(7, edit));
var oneWorkflow = Rerun(workflowTree, edit => WorkflowCorpus.Workflow(5, waitDays: 10 + edit % 2));

// Where the generator's time goes: the parser (semantic, shared with the analyzer) and the emitter.
var models = new List<WorkflowDsl.Generators.Model.WorkflowModel>();
double parseOnly = Measure(() =>
{
    models.Clear();
    var compilation = NewCompilation();
    foreach (var tree in compilation.SyntaxTrees)
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var type in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
        {
            if (type.AttributeLists.Count == 0 || model.GetDeclaredSymbol(type) is not INamedTypeSymbol symbol) continue;
            if (!symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "WorkflowDsl.WorkflowAttribute")) continue;
            var parsed = WorkflowDsl.Generators.Parsing.WorkflowParser.Parse(type, symbol, model, CancellationToken.None).Model;
            if (parsed != null) models.Add(parsed);
        }
    }
});
double emitOnly = Measure(() =>
{
    foreach (var model in models) WorkflowDsl.Generators.Emit.WorkflowEmitter.Emit(model);
});

Console.WriteLine();
Console.WriteLine("| measurement | median ms | vs baseline |");
Console.WriteLine("| --- | ---: | ---: |");
Console.WriteLine($"| (a) compile without generator (create compilation + emit) | {baseline:F1} | 100% |");
Console.WriteLine($"| (b) generator run alone (fresh driver, fresh compilation) | {generatorOnly:F1} | {Percent(generatorOnly)} |");
Console.WriteLine($"| (b) compile with generator (generator run + emit of the result) | {withGenerator:F1} | {Percent(withGenerator)} (+{Percent(withGenerator - baseline)}) |");
Console.WriteLine($"| of which: parsing every [Workflow] class (fresh compilation, {models.Count} models) | {parseOnly:F1} | {Percent(parseOnly)} |");
Console.WriteLine($"| of which: emitting every workflow file | {emitOnly:F1} | {Percent(emitOnly)} |");
Console.WriteLine($"| (c) re-run after an unrelated edit | {unrelated.Ms:F2} | {Percent(unrelated.Ms)} |");
Console.WriteLine($"| (d) re-run after editing one workflow | {oneWorkflow.Ms:F2} | {Percent(oneWorkflow.Ms)} |");
Console.WriteLine();
Console.WriteLine($"(c) tracked step outputs neither Cached nor Unchanged after an unrelated edit: {unrelated.NotCached} (target 0)");
Console.WriteLine($"(d) tracked step outputs Modified/New/Removed after editing one workflow: {oneWorkflow.NotCached}");
Console.WriteLine($"load average at end: {LoadAverage()}");
return 0;

double Measure(Action action)
{
    for (int i = 0; i < warmups; i++) action();
    var times = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        action();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    return Median(times);
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
    return result.TrackedSteps.Where(kv => names.Contains(kv.Key)).SelectMany(kv => kv.Value)
        .Concat(result.TrackedOutputSteps.SelectMany(kv => kv.Value))
        .SelectMany(step => step.Outputs)
        .Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

string Percent(double ms) => (100 * ms / baseline).ToString("F1") + "%";

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
