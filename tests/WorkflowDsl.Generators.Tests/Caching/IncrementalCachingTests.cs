using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WorkflowDsl.Generators.Emit;

namespace WorkflowDsl.Generators.Tests.Caching;

/// <summary>The generator stays incremental: edits that do not touch a workflow re-run nothing, an edit
/// of one workflow re-emits only that workflow, and no model holds compiler objects.</summary>
public class IncrementalCachingTests
{
    private const string Second = """
        using WorkflowDsl;

        namespace Tests.Workflows;

        /// <summary>Second.</summary>
        [Workflow("second")]
        public static partial class Second
        {
            /// <summary>Define.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.Named("Second").ForContents("C-2").Invite(Channel.Email).Wait(3.Days()).Remind(Channel.Push);
        }
        """;

    private const string Unrelated = """
        namespace Tests.Workflows;

        /// <summary>Nothing to do with workflows.</summary>
        public static class Helpers
        {
            /// <summary>Adds.</summary>
            public static int Add(int a, int b) => a + b;
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var sources = RepoFiles.ExampleWorkflowSources().Select(f => f.Text).Append(Second).Append(Unrelated);
        var compilation = CompilationFactory.Create(sources, "WorkflowDsl.Examples");
        var driver = CompilationFactory.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static SyntaxTree TreeContaining(Compilation compilation, string text) =>
        compilation.SyntaxTrees.Single(t => t.ToString().Contains(text, StringComparison.Ordinal));

    private static CSharpCompilation Replace(CSharpCompilation compilation, string treeMarker, string oldText, string newText)
    {
        var tree = TreeContaining(compilation, treeMarker);
        string source = tree.ToString();
        Assert.Contains(oldText, source);
        return compilation.ReplaceSyntaxTree(tree, CompilationFactory.Parse(source.Replace(oldText, newText), tree.FilePath));
    }

    /// <param name="changedTree">For an added or edited file: the reason its tree has in the
    /// <see cref="TrackingNames.SyntaxTrees"/> step, whose values are the compilation's trees themselves
    /// (a new or edited file is necessarily a new value there, and only there).</param>
    private static void AssertAllCachedOrUnchanged(GeneratorDriver driver, IncrementalStepRunReason? changedTree = null)
    {
        var steps = driver.OwnAndOutputSteps().ToList();
        Assert.Contains(steps, s => s.Name == TrackingNames.WorkflowParse);
        Assert.Contains(steps, s => s.Name == TrackingNames.Registry);
        var treeChanges = steps.Where(s => s.Name == TrackingNames.SyntaxTrees).SelectMany(s => s.Step.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        if (changedTree == null) Assert.Empty(treeChanges);
        else Assert.Equal(changedTree, Assert.Single(treeChanges).Reason);
        var rerun = steps
            .Where(s => s.Name != TrackingNames.SyntaxTrees)
            .SelectMany(s => s.Step.Outputs.Select(o => (s.Name, o.Reason)))
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        Assert.True(rerun.Count == 0, "Steps re-run: " + string.Join(", ", rerun.Select(r => r.Name + "=" + r.Reason)));
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CompilationFactory.Parse("namespace Other; internal static class New { }", "/src/New.cs")));

        AssertAllCachedOrUnchanged(driver, IncrementalStepRunReason.New);
    }

    [Fact]
    public void Editing_a_file_without_workflows_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(Replace(compilation, "class Helpers", "a + b", "b + a"));

        AssertAllCachedOrUnchanged(driver, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Running_again_on_the_same_compilation_leaves_every_step_cached()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(compilation);

        AssertAllCachedOrUnchanged(driver);
    }

    [Fact]
    public void Editing_one_workflow_changes_only_that_workflows_output()
    {
        var (driver, compilation) = FirstRun();
        var before = driver.Sources();

        driver = driver.RunGenerators(Replace(compilation, "class Second", "Wait(3.Days())", "Wait(4.Days())"));

        var after = driver.Sources();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var changed = after.Keys.Where(k => before[k] != after[k]).ToList();
        // Only the plan-table file holding Second's row changes, and in it only Second's row.
        string file = PlanTableEmitter.HintName(PlanTableEmitter.GroupOf("global::Tests.Workflows.Second"));
        Assert.Equal([file], changed);
        Assert.Contains("wait-4d", after[file]);
        var changedLines = after[file].Split('\n').Except(before[file].Split('\n')).ToList();
        Assert.Equal(2, changedLines.Count); // Second's plan text and its diagram
        Assert.All(changedLines, line => Assert.Contains("4", line));
        var rows = driver.OwnSteps().Where(s => s.Name == TrackingNames.PlanRows).SelectMany(s => s.Step.Outputs).ToList();
        Assert.Single(rows, o => o.Reason == IncrementalStepRunReason.Modified);
        var groups = driver.OwnSteps().Where(s => s.Name == TrackingNames.PlanGroups).SelectMany(s => s.Step.Outputs).ToList();
        Assert.Single(groups, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(groups.Where(o => o.Reason != IncrementalStepRunReason.Modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        var parsed = driver.OwnSteps().Where(s => s.Name == TrackingNames.WorkflowParse).SelectMany(s => s.Step.Outputs).ToList();
        Assert.Equal(5, parsed.Count);
        Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(4, parsed.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        // Only the edited file is read again: every other tree's reading is Cached (not re-run).
        var read = driver.OwnSteps().Where(s => s.Name == TrackingNames.TreeRead).SelectMany(s => s.Step.Outputs).ToList();
        Assert.Single(read, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(read.Where(o => o.Reason != IncrementalStepRunReason.Modified), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        // The registry only needs which plan-table files exist, so it is not rewritten.
        Assert.All(driver.OwnSteps().Where(s => s.Name is TrackingNames.RegistryPlanGroups or TrackingNames.Registry).SelectMany(s => s.Step.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));
    }

    [Fact]
    public void Renaming_a_workflow_id_rewrites_only_its_plan_table_file()
    {
        var (driver, compilation) = FirstRun();
        var before = driver.Sources();

        driver = driver.RunGenerators(Replace(compilation, "class Second", "[Workflow(\"second\")]", "[Workflow(\"second-renamed\")]"));

        var after = driver.Sources();
        string file = PlanTableEmitter.HintName(PlanTableEmitter.GroupOf("global::Tests.Workflows.Second"));
        Assert.Equal([file], after.Keys.Where(k => before[k] != after[k]));
        Assert.Contains("second-renamed", after[file]);
        Assert.All(driver.OwnSteps().Where(s => s.Name == TrackingNames.Registry).SelectMany(s => s.Step.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));
    }

    [Fact]
    public void No_step_output_holds_symbols_syntax_semantic_models_or_compilations()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "class Second", "Wait(3.Days())", "Wait(5.Days())"));

        var visited = new HashSet<Type>();
        // The SyntaxTrees step's values are the compilation's own trees (compared by reference, so an
        // unchanged file is Cached): each is a tree itself, held by no model. Every other step's values
        // are models, walked in full.
        Assert.All(driver.OwnSteps().Where(s => s.Name == TrackingNames.SyntaxTrees).SelectMany(s => s.Step.Outputs), o => Assert.IsAssignableFrom<SyntaxTree>(o.Value));
        var banned = driver.OwnSteps()
            .Where(s => s.Name != TrackingNames.SyntaxTrees)
            .SelectMany(s => s.Step.Outputs.Select((o, i) => ModelWalker.FindBanned(o.Value, s.Name + "[" + i + "]", visited)))
            .SelectMany(f => f)
            .ToList();

        Assert.True(banned.Count == 0, string.Join(Environment.NewLine, banned));
        // The walk reached the real models, not just empty collections.
        Assert.Contains(visited, t => t.Name == "WorkflowModel");
        Assert.Contains(visited, t => t.Name == "StepModel");
        Assert.Contains(visited, t => t.Name == "TemplateModel");
        Assert.Contains(visited, t => t.Name == "RegistryModel");
        Assert.Contains(visited, t => t.Name == "PlanRow");
    }
}
