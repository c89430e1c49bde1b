using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Diagnostics
{
    /// <summary>Reports every WorkflowDsl diagnostic. The parsers find the per-declaration ones; at the
    /// end of the compilation it checks what needs all of them: duplicate workflow ids (WFDSL010),
    /// duplicate template ids (WFDSL020), templates that are not defined (WFDSL019) and digests that do not list the users (WFDSL017).
    /// The per-declaration ones come from the generator's own reader (<see cref="SyntaxReader"/>), whose
    /// reliance on spellings it checks by binding only the names relied on (<see cref="RelianceCheck"/>);
    /// where that reading is not sure or not the compiler's, the binding parser reads the definition and
    /// WFDSL021/WFDSL022 say why (see <see cref="SpellingCheck"/>).
    /// Diagnostics come from an analyzer, at source locations, so #pragma and .editorconfig can silence them.</summary>
    /// <remarks>Declarations are visited in a semantic-model action per tree rather than with symbol actions
    /// (which would have to create the tree's semantic model anew) or syntax-node actions (for which the
    /// analyzer driver walks every node of every member body).</remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class WorkflowAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The built-in templates and whether each lists the digest's users on every channel.</summary>
        private static readonly Dictionary<string, bool> BuiltInTemplates = new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            [BuiltInIds.Invitation] = false,
            [BuiltInIds.Reminder] = false,
            [BuiltInIds.ManagerNotification] = true,
        };

        /// <summary>The property of a WFDSL025 diagnostic that holds the key to write (the step's current derived key).</summary>
        public const string SuggestedKeyProperty = "SuggestedKey";

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.All);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var workflowAttribute = start.Compilation.GetTypeByMetadataName(WorkflowParser.WorkflowAttributeName);
                var templateAttribute = start.Compilation.GetTypeByMetadataName(TemplateParser.TemplateAttributeName);
                if (workflowAttribute == null && templateAttribute == null) return;

                var workflows = new ConcurrentBag<WorkflowAnalysis>();
                var templates = new ConcurrentBag<TemplateAnalysis>();

                // One action per tree, with the tree's semantic model: the declarations are found by walking
                // the namespaces and types only (as the generator does), never the members' bodies. (Syntax-node
                // actions would make the analyzer driver walk every node of the compilation for them.)
                start.RegisterSemanticModelAction(context =>
                {
                    var model = context.SemanticModel;
                    foreach (var node in model.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodes(SyntaxReader.DescendIntoDeclarations))
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        if (node is ClassDeclarationSyntax declaration && declaration.AttributeLists.Count > 0 && workflowAttribute != null)
                        {
                            if (AnalyzeClass(declaration, model, workflowAttribute, context.ReportDiagnostic, context.CancellationToken) is WorkflowAnalysis analysis) workflows.Add(analysis);
                        }
                        else if (node is MethodDeclarationSyntax method && method.AttributeLists.Count > 0 && templateAttribute != null)
                        {
                            int threshold = SmsThreshold.Read(context.Options.AnalyzerConfigOptionsProvider, method.SyntaxTree);
                            if (AnalyzeMethod(method, model, templateAttribute, threshold, context.ReportDiagnostic, context.CancellationToken) is TemplateAnalysis analysis) templates.Add(analysis);
                        }
                    }
                });

                start.RegisterCompilationEndAction(end => CheckCompilation(workflows.ToList(), templates.ToList(), end.ReportDiagnostic));
            });
        }

        /// <summary>Reports a class's diagnostics and returns what the compilation-wide checks need, or null
        /// when it is not a [Workflow] class.</summary>
        private static WorkflowAnalysis? AnalyzeClass(ClassDeclarationSyntax declaration, SemanticModel model, INamedTypeSymbol workflowAttribute, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!(model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol symbol)) return null;
            if (!HasAttributeHere(symbol, workflowAttribute, declaration))
            {
                // The generator recognises [Workflow] by its spelling: a look-alike attribute would get a plan.
                if (SpellingCheck.CheckLookAlikeAttribute(declaration, cancellationToken) is Diagnostic lookAlike) report(lookAlike);
                return null;
            }
            var analysis = Analyze(declaration, symbol, model, report, cancellationToken);
            Report(analysis.Result.Diagnostics, declaration.SyntaxTree, model.Compilation, report);
            return analysis;
        }

        /// <summary>Reports a [MessageTemplate] method's diagnostics and returns what the compilation-wide
        /// checks need, or null when it is not one.</summary>
        private static TemplateAnalysis? AnalyzeMethod(MethodDeclarationSyntax declaration, SemanticModel model, INamedTypeSymbol templateAttribute, int threshold, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (!(model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol symbol)) return null;
            if (!HasAttributeHere(symbol, templateAttribute, declaration)) return null;
            var analysis = TemplateParser.Analyze(declaration, symbol, model, threshold, cancellationToken);
            Report(analysis.Result.Diagnostics, declaration.SyntaxTree, model.Compilation, report);
            if (analysis.Result.Model != null && SpellingCheck.CheckTemplate(declaration, analysis.Result.Model, cancellationToken) is Diagnostic spelling) report(spelling);
            return analysis;
        }

        /// <summary>A [Workflow] class's diagnostics and what the compilation-wide checks need. The
        /// generator's syntax reader reads the definition (<see cref="SyntaxReader.ReadWorkflow"/>); when it
        /// was sure of everything and the names it relied on bind to the DSL's (<see cref="RelianceCheck"/>),
        /// its reading is the definition's. Otherwise (a value it does not read, such as a const of another
        /// file, or a name that binds to something else) the definition is read by binding it
        /// (<see cref="WorkflowParser"/>), and WFDSL021/WFDSL022 say where the generator's reading differs
        /// or why it was not sure (<see cref="SpellingCheck"/>).</summary>
        internal static WorkflowAnalysis Analyze(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel model, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var reading = SyntaxReader.ReadWorkflow(declaration, cancellationToken, forAnalyzer: true);
            if (reading != null && RelianceCheck.Holds(reading, symbol, model, cancellationToken)) return reading.ToAnalysis();
            var analysis = WorkflowParser.Analyze(declaration, symbol, model, cancellationToken);
            // The generator reads syntax only: check that it reads what the compiler binds.
            if (analysis.Result.Model != null && SpellingCheck.CheckWorkflow(declaration, symbol, reading, analysis.Result.Model) is Diagnostic spelling) report(spelling);
            return analysis;
        }

        private static bool HasAttributeHere(ISymbol symbol, INamedTypeSymbol attributeType, SyntaxNode declaration)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
                var reference = attribute.ApplicationSyntaxReference;
                if (reference != null && reference.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(reference.Span)) return true;
            }
            return false;
        }

        private static void Report(EquatableArray<DiagnosticInfo> diagnostics, SyntaxTree tree, Compilation compilation, Action<Diagnostic> report)
        {
            foreach (var info in diagnostics)
            {
                var descriptor = DiagnosticDescriptors.Find(info.Id);
                if (descriptor == null) continue;
                var location = SourceLocation(info.Location, tree, compilation);
                if (info.Id == RuleIds.DerivedKeysCollide && info.MessageArgs.Count == 2)
                {
                    // The message is the first argument; the key to write (for the code fix and other tools) is a property.
                    report(Diagnostic.Create(descriptor, location, ImmutableDictionary<string, string?>.Empty.Add(SuggestedKeyProperty, info.MessageArgs[1]), info.MessageArgs[0]));
                    continue;
                }
                report(Diagnostic.Create(descriptor, location, info.MessageArgs.Select(a => (object)a).ToArray()));
            }
        }

        /// <summary>The location in its syntax tree: only source locations honour #pragma and .editorconfig suppressions.</summary>
        private static Location? SourceLocation(LocationInfo? info, SyntaxTree tree, Compilation compilation)
        {
            if (info == null) return null;
            if (tree.FilePath == info.FilePath) return Location.Create(tree, info.Span);
            foreach (var other in compilation.SyntaxTrees)
            {
                if (other.FilePath == info.FilePath) return Location.Create(other, info.Span);
            }
            return info.ToLocation();
        }

        /// <summary>Which audience each built-in template is written for: invitation and reminder print
        /// <c>user</c>, manager-notification loops over <c>users</c> (a test checks this against their texts).</summary>
        private static readonly Dictionary<string, TemplateAudience> BuiltInAudiences = new Dictionary<string, TemplateAudience>(StringComparer.Ordinal)
        {
            [BuiltInIds.Invitation] = TemplateAudience.User,
            [BuiltInIds.Reminder] = TemplateAudience.User,
            [BuiltInIds.ManagerNotification] = TemplateAudience.Digest,
        };

        /// <summary>WFDSL031: a template sent to a recipient who does not have a variable it uses (<c>user</c> in a
        /// digest to a manager or HR partner, <c>users</c> in a message to the user). For a template of the
        /// compilation, at the variable in its text (once per template, audience and place); for a built-in
        /// template, at the step's template.</summary>
        private static void CheckAudience(WorkflowAnalysis workflow, MessageStepUse step, bool builtIn, List<TemplateAnalysis> templates, HashSet<string> reported, Action<Diagnostic> report)
        {
            // A recipient the enum does not define is WFDSL024's; its audience is unknown, so nothing to say here.
            if (!StepCatalog.IsDefined((Recipient)step.Recipient)) return;
            var audience = StepCatalog.IsDigestRecipient((Recipient)step.Recipient) ? TemplateAudience.Digest : TemplateAudience.User;
            string recipient = step.Recipient == (int)Recipient.Manager ? "manager" : step.Recipient == (int)Recipient.HrPartner ? "HR partner" : "user";
            string sentBy = "workflow '" + (workflow.Id ?? "?") + "' sends this template to the " + recipient + ".";
            if (builtIn)
            {
                if (!BuiltInAudiences.TryGetValue(step.TemplateId, out var written) || written == audience) return;
                report(Diagnostic.Create(DiagnosticDescriptors.TemplateVariableNotSetForRecipient, step.Location, written == TemplateAudience.User
                    ? "Built-in template '" + step.TemplateId + "' prints user.first_name, but the " + recipient + " gets one digest about many users, in which 'user' is not set: use 'manager-notification', or a template that loops over {% for u in users %}."
                    : "Built-in template '" + step.TemplateId + "' lists the digest's users, but this step messages the user, for whom 'users' is not set: use 'invitation' or 'reminder', or send it with RemindManager/NotifyHrPartner."));
                return;
            }
            foreach (var template in templates)
            {
                if (template.Id != step.TemplateId) continue;
                foreach (var part in template.Parts)
                {
                    var general = new HashSet<int>(LiquidCheck.Check(part.Text, TemplateAudience.Any).Select(e => e.Offset));
                    foreach (var error in LiquidCheck.Check(part.Text, audience))
                    {
                        if (error.Kind != TemplateErrorKind.UnknownVariable || general.Contains(error.Offset)) continue;
                        var location = TemplateText.Locate(part.Syntax, part.Location, part.Text, error.Offset, error.Length);
                        if (!reported.Add(template.Id + "|" + (int)audience + "|" + location)) continue;
                        report(Diagnostic.Create(DiagnosticDescriptors.TemplateVariableNotSetForRecipient, location,
                            TemplateText.Describe(template.Id, part.Language, part.Part, error) + " (" + sentBy + ")"));
                    }
                }
            }
        }

        private static void CheckCompilation(List<WorkflowAnalysis> workflows, List<TemplateAnalysis> templates, Action<Diagnostic> report)
        {
            foreach (var group in workflows.Where(w => w.Id != null).GroupBy(w => w.Id!, StringComparer.Ordinal))
            {
                var duplicates = group.OrderBy(w => w.IdLocation?.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(w => w.IdLocation?.SourceSpan.Start).ToList();
                if (duplicates.Count < 2) continue;
                foreach (var workflow in duplicates)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.DuplicateWorkflowId, workflow.IdLocation,
                        "Workflow id '" + group.Key + "' is used by " + duplicates.Count + " workflows: ids must be unique in the application, so give each workflow its own id."));
                }
            }

            foreach (var group in templates.Where(t => t.Id != null).GroupBy(t => t.Id!, StringComparer.Ordinal))
            {
                var duplicates = group.OrderBy(t => t.IdLocation?.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(t => t.IdLocation?.SourceSpan.Start).ToList();
                if (duplicates.Count < 2) continue;
                foreach (var template in duplicates)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.InvalidDeclaration, template.IdLocation,
                        "Template id '" + group.Key + "' is defined by " + duplicates.Count + " [MessageTemplate] methods: template ids must be unique in the application, so give each template its own id."));
                }
            }

            var custom = new Dictionary<string, List<TemplateChannelText>>(StringComparer.Ordinal);
            foreach (var template in templates)
            {
                if (template.Id == null) continue;
                if (!custom.TryGetValue(template.Id, out var texts)) custom[template.Id] = texts = new List<TemplateChannelText>();
                texts.AddRange(template.Texts);
            }

            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var workflow in workflows)
            {
                foreach (var step in workflow.MessageSteps)
                {
                    bool builtIn = BuiltInTemplates.TryGetValue(step.TemplateId, out bool builtInListsUsers);
                    if (!builtIn && !custom.ContainsKey(step.TemplateId))
                    {
                        report(Diagnostic.Create(DiagnosticDescriptors.UnknownTemplate, step.Location,
                            "Template '" + step.TemplateId + "' is neither built in (" + string.Join(", ", BuiltInTemplates.Keys) + ") nor defined by a [MessageTemplate] method in this project: " +
                            "fix the id, or define the template with [MessageTemplate(\"" + step.TemplateId + "\")]."));
                        continue;
                    }
                    CheckAudience(workflow, step, builtIn, templates, reported, report);
                    if (step.Recipient != 1 && step.Recipient != 2) continue;
                    var missing = new List<string>();
                    foreach (int channel in new[] { 1, 2, 4 })
                    {
                        if ((step.Channels & channel) == 0) continue;
                        bool listsUsers = builtIn
                            ? builtInListsUsers
                            : custom[step.TemplateId].Where(t => t.Channel == channel).All(t => TemplateSyntax.ReferencesDigestList(t.Text));
                        if (!listsUsers) missing.Add(StepCatalog.ChannelNames((Channel)channel));
                    }
                    if (missing.Count == 0) continue;
                    report(Diagnostic.Create(DiagnosticDescriptors.DigestWithoutUserList, step.Location,
                        "The " + StepCatalog.RecipientName((Recipient)step.Recipient) + " gets one digest per run, but template '" + step.TemplateId + "' does not list the users in its " +
                        string.Join(", ", missing) + " text: use a digest template such as 'manager-notification', or loop over them with {% for u in users %}...{% endfor %}."));
                }
            }
        }
    }
}
