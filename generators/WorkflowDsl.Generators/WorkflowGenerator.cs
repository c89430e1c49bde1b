using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators
{
    /// <summary>Emits each [Workflow] class's precompiled plan and Mermaid diagram into the plan table of
    /// the assembly's <c>GeneratedWorkflows</c> registry, and the registry. It reads definitions from syntax alone (<see cref="SyntaxReader"/>)
    /// and reports no diagnostics: WorkflowAnalyzer does, from the symbol-based parser, and also checks
    /// that what this generator read by spelling is what the compiler binds (WFDSL021, WFDSL022).</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WorkflowGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // The generator reads syntax only (SyntaxReader): no semantic model, symbol or binding.
            // Each of the compilation's syntax trees is a pipeline value of its own. It is the
            // compilation's own tree object, which Roslyn compares by reference with the previous run's:
            // an unchanged file's tree is the same object, so its per-tree step is Cached and the file is
            // not read again; only an edited file's tree is new and read again. No model holds the tree:
            // the per-tree step turns it into strings and numbers (TreeModels) at once.
            var trees = context.CompilationProvider
                .SelectMany(static (compilation, _) => compilation.SyntaxTrees)
                .WithTrackingName(TrackingNames.SyntaxTrees);

            var perTree = trees
                .Select(static (tree, cancellationToken) => SyntaxReader.ReadTree(tree, cancellationToken))
                .WithTrackingName(TrackingNames.TreeRead);

            var workflows = perTree
                .SelectMany(static (models, _) => models.Workflows)
                .WithTrackingName(TrackingNames.WorkflowParse)
                // Members need a class to live in; a model without one cannot be emitted.
                .Where(static entry => entry.Model.TypeDeclarations.Count > 0)
                .WithTrackingName(TrackingNames.Workflows);

            var templates = perTree
                .SelectMany(static (models, _) => models.Templates)
                .WithTrackingName(TrackingNames.TemplateParse)
                .Where(static model => model.MethodName.Length > 0)
                .WithTrackingName(TrackingNames.Templates);


            var registryTemplates = templates.Collect()
                .WithTrackingName(TrackingNames.CollectedTemplates)
                .Select(static (models, _) => models
                                        .Where(m => m.FullyQualifiedTypeName.IndexOf('<') < 0)
                    .Select(m => new RegistryTemplate(m.Id, m.FullyQualifiedTypeName, m.MethodName))
                    .Distinct()
                    .OrderBy(m => m)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.RegistryTemplates);

            var target = context.CompilationProvider
                .Select(static (compilation, _) => RegistryTarget.From(compilation))
                .WithTrackingName(TrackingNames.RegistryTarget);

            // Recognised by spelling: in a compilation without WorkflowDsl, a [Workflow] of its own is not ours.
            // The registry can only name non-generic classes it can see: those go into its plan table;
            // the others (private nested or generic classes) get a part of their own class with the plan.
            context.RegisterSourceOutput(workflows.Where(static e => !InPlanTable(e)).Combine(target), static (spc, input) =>
            {
                if (input.Right.ReferencesWorkflowDsl) AddWorkflowSource(spc, input.Left.Model);
            });

            // The plan table: one row per workflow (re-made only for an edited workflow), spread over a
            // few files by a stable hash of the class name, so an edit rewrites one small file and the
            // driver handles dozens of generated files, not one per workflow (see PlanTableEmitter).
            var rows = workflows
                .Where(static e => InPlanTable(e))
                .Select(static (e, _) => PlanTableEmitter.Row(e.Model))
                .WithTrackingName(TrackingNames.PlanRows);
            var collectedRows = rows.Collect().WithTrackingName(TrackingNames.CollectedPlanRows);
            var groups = collectedRows
                .SelectMany(static (all, _) => PlanTableEmitter.Group(all))
                .WithTrackingName(TrackingNames.PlanGroups);
            context.RegisterSourceOutput(groups.Combine(target), static (spc, input) =>
            {
                if (!input.Right.ReferencesWorkflowDsl) return;
                spc.AddSource(PlanTableEmitter.HintName(input.Left.Group),
                    SourceText.From(PlanTableEmitter.Emit(input.Right.Namespace, input.Left.Group, input.Left.Rows), System.Text.Encoding.UTF8));
            });
            var registryGroups = collectedRows
                .Select(static (all, _) => all.Select(r => r.Group).Distinct().OrderBy(g => g).ToEquatableArray())
                .WithTrackingName(TrackingNames.RegistryPlanGroups);

            // Classes with errors (which may be suppressed): the registry says they were not generated and why.
            var notGenerated = perTree
                .SelectMany(static (models, _) => models.NotGenerated)
                .Collect()
                .Select(static (models, _) => models.Distinct().OrderBy(m => m).ToEquatableArray())
                .WithTrackingName(TrackingNames.NotGenerated);

            var registry = target.Combine(registryGroups)
                .WithTrackingName(TrackingNames.RegistryTargetAndGroups)
                .Combine(registryTemplates)
                .WithTrackingName(TrackingNames.RegistryInputs)
                .Combine(notGenerated)
                .Select(static (input, _) => new RegistryModel(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
                .WithTrackingName(TrackingNames.Registry);

            context.RegisterSourceOutput(registry, static (spc, model) =>
            {
                if (!model.Target.ReferencesWorkflowDsl) return;
                spc.AddSource(RegistryEmitter.HintName, SourceText.From(RegistryEmitter.Emit(model), System.Text.Encoding.UTF8));
            });
        }

        private static bool InPlanTable(WorkflowEntry entry) =>
            entry.VisibleInAssembly && entry.Model.FullyQualifiedTypeName.IndexOf('<') < 0;

        private static void AddWorkflowSource(SourceProductionContext context, WorkflowModel model)
        {
            // Members need a class to live in; a model without one cannot be emitted.
            if (model.TypeDeclarations.Count == 0) return;
            var text = SourceText.From(WorkflowEmitter.Emit(model), System.Text.Encoding.UTF8);
            string hint = WorkflowEmitter.HintName(model);
            // Two [Workflow] attributes on parts of one class (itself an error the compiler reports)
            // give the same model twice, and distinct type names can sanitise to one hint name:
            // neither may make the generator throw.
            if (TryAdd(context, hint, text)) return;
            string alternative = hint.Substring(0, hint.Length - ".g.cs".Length) + "." + Names.StableHash(model.FullyQualifiedTypeName + "|" + model.Id).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
            TryAdd(context, alternative, text);
        }

        private static bool TryAdd(SourceProductionContext context, string hint, SourceText text)
        {
            try
            {
                context.AddSource(hint, text);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
