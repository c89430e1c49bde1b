using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators
{
    /// <summary>Emits each [Workflow] class's precompiled plan and Mermaid diagram, and the assembly's
    /// <c>GeneratedWorkflows</c> registry. It reads definitions from syntax alone (<see cref="SyntaxReader"/>)
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


            var registryWorkflows = workflows.Collect()
                .WithTrackingName(TrackingNames.CollectedWorkflows)
                .Select(static (models, _) => models
                    // The registry can only name non-generic types it can see.
                    .Where(e => e.VisibleInAssembly && e.Model.FullyQualifiedTypeName.IndexOf('<') < 0)
                    .Select(e => e.Model)
                    .Select(m => new RegistryWorkflow(m.Id, m.FullyQualifiedTypeName))
                    .Distinct()
                    .OrderBy(m => m)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.RegistryWorkflows);

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
            context.RegisterSourceOutput(workflows.Combine(target), static (spc, input) =>
            {
                if (input.Right.ReferencesWorkflowDsl) AddWorkflowSource(spc, input.Left.Model);
            });

            var registry = target.Combine(registryWorkflows)
                .WithTrackingName(TrackingNames.RegistryTargetAndWorkflows)
                .Combine(registryTemplates)
                .WithTrackingName(TrackingNames.RegistryInputs)
                .Select(static (input, _) => new RegistryModel(input.Left.Left, input.Left.Right, input.Right))
                .WithTrackingName(TrackingNames.Registry);

            context.RegisterSourceOutput(registry, static (spc, model) =>
            {
                if (!model.Target.ReferencesWorkflowDsl) return;
                spc.AddSource(RegistryEmitter.HintName, SourceText.From(RegistryEmitter.Emit(model), System.Text.Encoding.UTF8));
            });
        }

        private static void AddWorkflowSource(SourceProductionContext context, WorkflowModel model)
        {
            // Members need a class to live in; a model without one cannot be emitted.
            if (model.TypeDeclarations.Count == 0) return;
            var text = SourceText.From(model.Precompiled ? WorkflowEmitter.Emit(model) : EmitStartUpPlan(model), System.Text.Encoding.UTF8);
            string hint = WorkflowEmitter.HintName(model);
            // Two [Workflow] attributes on parts of one class (itself an error the compiler reports)
            // give the same model twice, and distinct type names can sanitise to one hint name:
            // neither may make the generator throw.
            if (TryAdd(context, hint, text)) return;
            string alternative = hint.Substring(0, hint.Length - ".g.cs".Length) + "." + StableHash(model.FullyQualifiedTypeName + "|" + model.Id) + ".g.cs";
            TryAdd(context, alternative, text);
        }

        /// <summary>A workflow the syntax reader was not sure of: its plan is built at start-up by the
        /// run-time builder (interim: the emit helper's WorkflowEmitter is to take this over).</summary>
        private static string EmitStartUpPlan(WorkflowModel model)
        {
            var w = new SourceWriter();
            w.Line("// <auto-generated/>");
            w.Line("#nullable enable");
            w.Line();
            bool hasNamespace = model.Namespace.Length > 0;
            if (hasNamespace)
            {
                w.Line("namespace " + model.Namespace);
                w.Open();
            }
            foreach (var declaration in model.TypeDeclarations)
            {
                w.Line(declaration);
                w.Open();
            }
            if (model.Id.Length > 0)
            {
                w.Line("/// <summary>The workflow's id, as given in its <c>[Workflow]</c> attribute.</summary>");
                w.Line("public const string WorkflowId = " + CSharpLiteral.String(model.Id) + ";");
                w.Line();
            }
            w.Line("/// <summary>The workflow's plan, built at start-up from <c>Define()</c> (the generator could not read the");
            w.Line("/// definition from syntax alone: see diagnostic WFDSL022).</summary>");
            w.Line(GeneratorInfo.GeneratedCodeAttribute);
            w.Line("public static global::WorkflowDsl.Plan.WorkflowPlan Plan { get; } = global::WorkflowDsl.WorkflowDefinition.BuildFrom(typeof(" + model.FullyQualifiedTypeName + "));");
            w.Line();
            w.Line("/// <summary>The workflow's steps as a Mermaid flowchart; equal to <c>Plan.ToMermaid()</c>.</summary>");
            w.Line("public static string MermaidDiagram => Plan.ToMermaid();");
            foreach (var _ in model.TypeDeclarations) w.Close();
            if (hasNamespace) w.Close();
            return w.ToString();
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

        // FNV-1a: string.GetHashCode is randomised per process, hint names must be deterministic.
        private static string StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text) hash = unchecked((hash ^ c) * 16777619);
            return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
