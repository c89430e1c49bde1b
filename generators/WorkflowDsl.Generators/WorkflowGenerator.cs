using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators
{
    /// <summary>Emits each [Workflow] class's precompiled plan and Mermaid diagram, and the assembly's
    /// <c>GeneratedWorkflows</c> registry. It reports no diagnostics (WorkflowAnalyzer does, from the
    /// same parser) and skips definitions the parser cannot turn into a model.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class WorkflowGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var workflows = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    WorkflowParser.WorkflowAttributeName,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => ParseWorkflow(ctx, ct))
                .WithTrackingName(TrackingNames.WorkflowParse)
                .Where(static model => model != null)
                .WithTrackingName(TrackingNames.Workflows);

            var templates = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    TemplateParser.TemplateAttributeName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ParseTemplate(ctx, ct))
                .WithTrackingName(TrackingNames.TemplateParse)
                .Where(static model => model != null)
                .WithTrackingName(TrackingNames.Templates);

            context.RegisterSourceOutput(workflows, static (spc, entry) => AddWorkflowSource(spc, entry!.Model));

            var registryWorkflows = workflows.Collect()
                .WithTrackingName(TrackingNames.CollectedWorkflows)
                .Select(static (models, _) => models
                    // The registry can only name non-generic types it can see.
                    .Where(e => e!.VisibleInAssembly && e.Model.FullyQualifiedTypeName.IndexOf('<') < 0)
                    .Select(e => e!.Model)
                    .Select(m => new RegistryWorkflow(m.Id, m.FullyQualifiedTypeName))
                    .Distinct()
                    .OrderBy(m => m)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.RegistryWorkflows);

            var registryTemplates = templates.Collect()
                .WithTrackingName(TrackingNames.CollectedTemplates)
                .Select(static (models, _) => models
                    .Select(m => m!)
                    .Where(m => m.FullyQualifiedTypeName.IndexOf('<') < 0)
                    .Select(m => new RegistryTemplate(m.Id, m.FullyQualifiedTypeName, m.MethodName))
                    .Distinct()
                    .OrderBy(m => m)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.RegistryTemplates);

            var target = context.CompilationProvider
                .Select(static (compilation, _) => RegistryTarget.From(compilation))
                .WithTrackingName(TrackingNames.RegistryTarget);

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

        private static WorkflowEntry? ParseWorkflow(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetNode is not ClassDeclarationSyntax declaration || context.TargetSymbol is not INamedTypeSymbol symbol) return null;
            try
            {
                var model = WorkflowParser.Parse(declaration, symbol, context.SemanticModel, cancellationToken).Model;
                return model == null ? null : new WorkflowEntry(model, Names.IsVisibleInAssembly(symbol));
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The generator must not fail the build (CS8785): it emits nothing for this class,
                // and tells the tests' observer, so a parser bug does not vanish.
                ParserFailures.Observe(e);
                return null;
            }
        }

        private static TemplateModel? ParseTemplate(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetNode is not MethodDeclarationSyntax declaration || context.TargetSymbol is not IMethodSymbol symbol) return null;
            try
            {
                return TemplateParser.Parse(declaration, symbol, context.SemanticModel, cancellationToken).Model;
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ParserFailures.Observe(e);
                return null;
            }
        }

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
            string alternative = hint.Substring(0, hint.Length - ".g.cs".Length) + "." + StableHash(model.FullyQualifiedTypeName + "|" + model.Id) + ".g.cs";
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

        // FNV-1a: string.GetHashCode is randomised per process, hint names must be deterministic.
        private static string StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text) hash = unchecked((hash ^ c) * 16777619);
            return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
