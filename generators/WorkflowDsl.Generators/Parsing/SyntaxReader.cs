using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>What the generator read from one syntax tree: its workflows and templates. Equatable, so
    /// an unchanged result leaves everything downstream cached.</summary>
    internal sealed record TreeModels(EquatableArray<WorkflowEntry> Workflows, EquatableArray<TemplateModel> Templates, EquatableArray<NotGeneratedModel> NotGenerated)
    {
        public static readonly TreeModels Empty = new TreeModels(EquatableArray<WorkflowEntry>.Empty, EquatableArray<TemplateModel>.Empty, EquatableArray<NotGeneratedModel>.Empty);
    }

    /// <summary>What the syntax reader made of one [Workflow] class. For the analyzer it also holds the
    /// diagnostics, the id and message steps its compilation-wide checks need, and the names the reading
    /// relied on (never cached: it holds syntax nodes and locations).</summary>
    internal sealed class SyntaxReading
    {
        public SyntaxReading(ClassDeclarationSyntax declaration, bool forAnalyzer)
        {
            Declaration = declaration;
            ForAnalyzer = forAnalyzer;
            if (forAnalyzer)
            {
                Diagnostics = new DiagnosticCollector();
                Reliances = new Reliances();
            }
        }

        /// <summary>True when the reading is for the analyzer: it records the diagnostics, which call set
        /// each field and added each step, and what it relied on; the generator needs none of them.</summary>
        public bool ForAnalyzer { get; }

        public ClassDeclarationSyntax Declaration { get; }

        /// <summary>The model the generator emits (Precompiled or not), or null when it emits nothing
        /// (a rule or declaration error the analyzer reports).</summary>
        public WorkflowModel? Model { get; set; }

        /// <summary>True when the registry can name the class.</summary>
        public bool VisibleInAssembly { get; set; }

        /// <summary>Why the reader was not sure (the model is then not precompiled), else null.</summary>
        public string? NotSureReason { get; set; }

        /// <summary>What to write instead, to be precompiled.</summary>
        public string? SupportedForm { get; set; }

        /// <summary>Where the reader stopped being sure.</summary>
        public Location? NotSureAt { get; set; }

        /// <summary>Define(), when found.</summary>
        public MethodDeclarationSyntax? Define { get; set; }

        /// <summary>The diagnostics of the definition (for the analyzer; complete only when the reader
        /// was sure of every value, see <see cref="Sure"/>).</summary>
        public DiagnosticCollector? Diagnostics { get; }

        /// <summary>The names and forms the reading took for the DSL's by their spelling, which the
        /// analyzer binds (for the analyzer only).</summary>
        public Reliances? Reliances { get; }

        /// <summary>True when the reader read the whole definition (an id it knows, Define() in this
        /// declaration, every call and value), so its diagnostics are the definition's.</summary>
        public bool Sure => NotSureReason == null && !Unreadable;

        /// <summary>True when the reading failed on something other than a value (a bug it caught).</summary>
        public bool Unreadable { get; set; }

        /// <summary>The workflow id as written (a literal), else null.</summary>
        public string? Id { get; set; }

        /// <summary>The attribute argument.</summary>
        public Location? IdLocation { get; set; }

        /// <summary>The message steps, for WFDSL017 and WFDSL019.</summary>
        public List<MessageStepUse> MessageSteps { get; } = new List<MessageStepUse>();

        private Dictionary<string, InvocationExpressionSyntax>? _fieldCalls;
        private List<InvocationExpressionSyntax>? _stepCalls;

        /// <summary>The call that set each plan field: Name, Description, Contents, Labels, Owner,
        /// TargetGroupLambda, Cron, TimeZone (recorded only <see cref="ForAnalyzer"/>).</summary>
        public Dictionary<string, InvocationExpressionSyntax> FieldCalls => _fieldCalls ??= new Dictionary<string, InvocationExpressionSyntax>(StringComparer.Ordinal);

        /// <summary>The call that made each step of the model (the seed call for a seed template's steps;
        /// recorded only <see cref="ForAnalyzer"/>).</summary>
        public List<InvocationExpressionSyntax> StepCalls => _stepCalls ??= new List<InvocationExpressionSyntax>();

        /// <summary>What the analyzer reports and checks across the compilation, from this reading.</summary>
        public WorkflowAnalysis ToAnalysis() =>
            new WorkflowAnalysis(new ParseResult<WorkflowModel>(Model, Diagnostics?.ToArray() ?? EquatableArray<DiagnosticInfo>.Empty), Id, IdLocation, MessageSteps) { ReadBySyntaxReader = true };
    }

    /// <summary>The generator's reader: a [Workflow] class's Define() chain and a [MessageTemplate]
    /// method, from syntax alone (no semantic model, no symbols, no binding). DSL calls are recognised
    /// by their spelling and by <see cref="DslApi"/>; values by the forms <see cref="ParserSupport"/>
    /// accept. When it is not sure of something it still gives the
    /// declaration fields, with <see cref="WorkflowModel.Precompiled"/> false (the plan is then built at
    /// start-up). The analyzer runs it next to the symbol-based parser and reports WFDSL021 where they
    /// disagree and WFDSL022 where it was not sure.</summary>
    internal static partial class SyntaxReader
    {
        private static readonly string[] WorkflowAttributeSpellings =
        {
            "Workflow", "WorkflowAttribute", "WorkflowDsl.Workflow", "WorkflowDsl.WorkflowAttribute", "global::WorkflowDsl.Workflow", "global::WorkflowDsl.WorkflowAttribute",
        };

        private static readonly string[] TemplateAttributeSpellings =
        {
            "MessageTemplate", "MessageTemplateAttribute", "WorkflowDsl.MessageTemplate", "WorkflowDsl.MessageTemplateAttribute",
            "global::WorkflowDsl.MessageTemplate", "global::WorkflowDsl.MessageTemplateAttribute",
        };

        private const string SupportedForms =
            "string literals (or + of them, or nameof), integer literals, Channel.X / Recipient.X members (or | of them), durations such as 30.Days() or TimeSpan.FromDays(30), and any target group (TargetGroup(...))";

        // ---------------------------------------------------------------- trees (the generator)

        /// <summary>True when the text may hold a [Workflow] or [MessageTemplate] attribute: a tree
        /// without either spelling is skipped without parsing anything more.</summary>
        public static bool MayHaveAttributes(SourceText text)
        {
            // "Workflow" is in both WorkflowAttribute spellings; "MessageTemplate" in the template's.
            return Contains(text, "Workflow") || Contains(text, "MessageTemplate");
        }

        private static bool Contains(SourceText text, string value)
        {
            int length = text.Length - value.Length;
            char first = value[0];
            for (int i = 0; i <= length; i++)
            {
                if (text[i] != first) continue;
                int j = 1;
                while (j < value.Length && text[i + j] == value[j]) j++;
                if (j == value.Length) return true;
            }
            return false;
        }

        /// <summary>Every workflow and template the generator emits from the tree. Never throws (except on cancellation).</summary>
        public static TreeModels ReadTree(SyntaxTree tree, CancellationToken cancellationToken)
        {
            try
            {
                if (!tree.TryGetText(out var text)) text = tree.GetText(cancellationToken);
                if (!MayHaveAttributes(text)) return TreeModels.Empty;
                List<WorkflowEntry>? workflows = null;
                List<TemplateModel>? templates = null;
                List<NotGeneratedModel>? notGenerated = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(DescendIntoDeclarations))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (node is ClassDeclarationSyntax declaration && declaration.AttributeLists.Count > 0)
                    {
                        var reading = ReadWorkflow(declaration, cancellationToken, forAnalyzer: false);
                        if (reading?.Model != null) (workflows ??= new List<WorkflowEntry>()).Add(new WorkflowEntry(reading.Model, reading.VisibleInAssembly));
                        else if (reading != null) (notGenerated ??= new List<NotGeneratedModel>()).Add(NotGenerated(declaration, reading, cancellationToken));
                    }
                    else if (node is MethodDeclarationSyntax method && method.AttributeLists.Count > 0)
                    {
                        var template = ReadTemplate(method, cancellationToken);
                        if (template != null) (templates ??= new List<TemplateModel>()).Add(template);
                    }
                }
                if (workflows == null && templates == null && notGenerated == null) return TreeModels.Empty;
                return new TreeModels(
                    workflows == null ? EquatableArray<WorkflowEntry>.Empty : workflows.ToEquatableArray(),
                    templates == null ? EquatableArray<TemplateModel>.Empty : templates.ToEquatableArray(),
                    notGenerated == null ? EquatableArray<NotGeneratedModel>.Empty : notGenerated.ToEquatableArray());
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ParserFailures.Observe(e);
                return TreeModels.Empty;
            }
        }

        /// <summary>A [Workflow] class the generator emits nothing for (its definition has an error): its id, its
        /// class and the error ids that stopped it, so the registry can say so at run time even when the errors
        /// were suppressed. The generator's reading stops at the first error, so the class is read again as the
        /// analyzer reads it (syntax only) for every error id; that happens only for classes with errors.</summary>
        private static NotGeneratedModel NotGenerated(ClassDeclarationSyntax declaration, SyntaxReading reading, CancellationToken cancellationToken)
        {
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            var full = ReadWorkflow(declaration, cancellationToken, forAnalyzer: true);
            if (full?.Diagnostics != null)
            {
                foreach (var diagnostic in full.Diagnostics.ToArray())
                    if (DiagnosticDescriptors.IsError(diagnostic.Id)) ids.Add(diagnostic.Id);
            }
            string ns = Namespace(declaration);
            string fullName = FullyQualifiedName(declaration, ns);
            return new NotGeneratedModel(full?.Id ?? reading.Id ?? "", fullName, Names.MetadataName(ns, fullName), new List<string>(ids).ToEquatableArray());
        }

        /// <summary>Descends into namespaces and types only (where [Workflow] classes and [MessageTemplate] methods are declared).</summary>
        internal static bool DescendIntoDeclarations(SyntaxNode node) =>
            node is CompilationUnitSyntax || node is BaseNamespaceDeclarationSyntax || node is TypeDeclarationSyntax;

        // ---------------------------------------------------------------- templates

        /// <summary>The template model of a [MessageTemplate] method, or null when it is not one the
        /// registry can call (the analyzer reports why). A template id that is not a literal gives Id "":
        /// the registry then reads the id from the method's attribute at start-up.</summary>
        public static TemplateModel? ReadTemplate(MethodDeclarationSyntax method, CancellationToken cancellationToken)
        {
            try
            {
                var attribute = FindAttribute(method.AttributeLists, TemplateAttributeSpellings);
                if (attribute == null || !(SingleArgument(attribute) is ExpressionSyntax idExpression)) return null;
                if (!method.Modifiers.Any(SyntaxKind.StaticKeyword) || method.ParameterList.Parameters.Count != 0 || method.TypeParameterList != null
                    || method.ExplicitInterfaceSpecifier != null) return null;
                if (!IsSpelled(method.ReturnType, "TemplateDefinition", "WorkflowDsl.Templates")) return null;
                if (!IsReachable(method.Modifiers, nested: true)) return null;
                if (!(method.Parent is TypeDeclarationSyntax containing)) return null;
                for (SyntaxNode? node = containing; node != null; node = node.Parent)
                {
                    if (node is TypeDeclarationSyntax type && !IsReachable(type.Modifiers, type.Parent is TypeDeclarationSyntax)) return null;
                }
                string id = "";
                if (TryString(idExpression, new ConstScope(containing, 0), out var literal))
                {
                    if (literal == null || !Kebab.IsValid(literal)) return null;
                    id = literal;
                }
                return new TemplateModel(id, FullyQualifiedName(containing), method.Identifier.ValueText);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ParserFailures.Observe(e);
                return null;
            }
        }

        /// <summary>False when the modifiers make the member unreachable from elsewhere in the assembly
        /// (private, protected, private protected, or no accessibility on a nested member).</summary>
        private static bool IsReachable(SyntaxTokenList modifiers, bool nested)
        {
            bool any = false;
            bool @internal = false;
            foreach (var modifier in modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.PrivateKeyword: return false;
                    // A file-local type cannot be named from the generated files.
                    case SyntaxKind.FileKeyword: return false;
                    case SyntaxKind.PublicKeyword: any = true; break;
                    case SyntaxKind.InternalKeyword: any = true; @internal = true; break;
                    case SyntaxKind.ProtectedKeyword: any = true; break;
                }
            }
            if (modifiers.Any(SyntaxKind.ProtectedKeyword) && !@internal) return false;
            return any || !nested;
        }

        // ---------------------------------------------------------------- workflows

        /// <summary>True when the class has an attribute spelled like [Workflow] with one argument (the
        /// generator takes it for a workflow).</summary>
        public static bool HasWorkflowAttributeSpelling(ClassDeclarationSyntax declaration) =>
            FindAttribute(declaration.AttributeLists, WorkflowAttributeSpellings) is AttributeSyntax attribute && SingleArgument(attribute) != null;

        /// <summary>Reads a class: null when it has no [Workflow] attribute spelling with one argument;
        /// otherwise the reading, whose Model is null when the generator must emit nothing for it.
        /// Never throws (except on cancellation).</summary>
        /// <remarks>With <paramref name="forAnalyzer"/> the reading also gives the definition's diagnostics
        /// (the ids, spans and messages the binding parser gives), the id and message steps, and the names
        /// it relied on, which the analyzer binds (<see cref="Diagnostics.RelianceCheck"/>).</remarks>
        public static SyntaxReading? ReadWorkflow(ClassDeclarationSyntax declaration, CancellationToken cancellationToken, bool forAnalyzer = true)
        {
            var attribute = FindAttribute(declaration.AttributeLists, WorkflowAttributeSpellings);
            if (attribute == null || !(SingleArgument(attribute) is ExpressionSyntax idExpression)) return null;
            var reading = new SyntaxReading(declaration, forAnalyzer);
            try
            {
                new WorkflowReader(declaration, idExpression, reading, cancellationToken).Read();
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                ParserFailures.Observe(e);
                reading.Model = null;
                reading.Unreadable = true;
            }
            return reading;
        }

        private sealed class NotSureException : Exception
        {
            public NotSureException(SyntaxNode at, string reason, string supportedForm)
                : this(at.GetLocation(), reason, supportedForm)
            {
            }

            public NotSureException(Location at, string reason, string supportedForm)
            {
                At = at;
                Reason = reason;
                SupportedForm = supportedForm;
            }

            public Location At { get; }
            public string Reason { get; }
            public string SupportedForm { get; }
        }

        private sealed class WorkflowReader
        {
            private readonly ClassDeclarationSyntax _declaration;
            private readonly ExpressionSyntax _idExpression;
            private readonly SyntaxReading _reading;
            private readonly CancellationToken _cancellationToken;
            // Names in Define() are looked up from the class (and recorded for the analyzer); the id too, but
            // the analyzer compares the id with the attribute the compiler binds instead.
            private readonly ConstScope _scope;
            private readonly ConstScope _idScope;
            // The analyzer's reading: diagnostics and where they go; null for the generator.
            private readonly DiagnosticCollector? _diagnostics;
            private readonly DefinitionSites? _sites;

            private string _name = "";
            private string _description = "";
            private List<string> _contents = new List<string>();
            private List<string> _labels = new List<string>();
            private string? _owner;
            private string? _targetGroupLambda;
            private readonly List<StepShape> _steps = new List<StepShape>();
            private bool _hasSchedule;
            private string? _cron;
            private string? _timeZone;
            // False when a rule gives an error: the generator emits nothing, the analyzer reports it.
            private bool _valid = true;

            public WorkflowReader(ClassDeclarationSyntax declaration, ExpressionSyntax idExpression, SyntaxReading reading, CancellationToken cancellationToken)
            {
                _declaration = declaration;
                _idExpression = idExpression;
                _reading = reading;
                _cancellationToken = cancellationToken;
                _scope = new ConstScope(declaration, 0, reading.Reliances);
                _idScope = reading.ForAnalyzer ? new ConstScope(declaration, 0) : _scope;
                _diagnostics = reading.Diagnostics;
                if (reading.ForAnalyzer) _sites = new DefinitionSites();
            }

            private bool Analyzing => _diagnostics != null;

            public void Read()
            {
                string id = "";
                bool idKnown = TryString(_idExpression, _idScope, out var literalId) && literalId != null;
                if (idKnown)
                {
                    id = literalId!;
                    _reading.Id = id;
                    _reading.IdLocation = _idExpression.GetLocation();
                    foreach (var violation in DefinitionRules.CheckWorkflowId(id))
                    {
                        _diagnostics?.Add(violation.RuleId, _reading.IdLocation, violation.Message);
                        if (violation.IsError) _valid = false;
                    }
                    if (!_valid && !Analyzing) return;
                }

                // The class and the classes around it must be partial and not file-local (WFDSL020 otherwise).
                if (!DefinitionSites.CheckDeclarations(_declaration, _diagnostics))
                {
                    _valid = false;
                    if (!Analyzing) return;
                }
                _reading.VisibleInAssembly = Visible(_declaration);

                bool chainOk;
                try
                {
                    if (!idKnown) throw new NotSureException(_idExpression, "the workflow id '" + Shorten(_idExpression) + "' is not a string literal", "[Workflow(\"my-workflow\")]");
                    chainOk = ReadDefine();
                }
                catch (NotSureException notSure)
                {
                    _reading.NotSureReason = notSure.Reason;
                    _reading.SupportedForm = notSure.SupportedForm;
                    _reading.NotSureAt = notSure.At;
                    if (_reading.ForAnalyzer)
                    {
                        _reading.FieldCalls.Clear();
                        _reading.StepCalls.Clear();
                    }
                    if (!_valid) return;
                    string ns = Namespace(_declaration);
                    _reading.Model = new WorkflowModel(id, ns, TypeDeclarations(_declaration).ToEquatableArray(), FullyQualifiedName(_declaration, ns),
                        "", "", EquatableArray<string>.Empty, EquatableArray<string>.Empty,
                        null, null, EquatableArray<StepModel>.Empty, null, null, Precompiled: false);
                    return;
                }
                if (!chainOk) return;

                _valid &= DefinitionSites.CheckRules(_sites, _diagnostics, _declaration, _contents, _steps, _hasSchedule, _cron, _timeZone);
                if (_sites != null) _reading.MessageSteps.AddRange(_sites.MessageSteps(_steps));
                if (!_valid) return;

                string @namespace = Namespace(_declaration);
                _reading.Model = new WorkflowModel(id, @namespace, TypeDeclarations(_declaration).ToEquatableArray(), FullyQualifiedName(_declaration, @namespace),
                    _name, _description, _contents.ToEquatableArray(), _labels.ToEquatableArray(), _owner,
                    _targetGroupLambda, ParserSupport.StepModels(_steps), _cron, _timeZone);
            }

            /// <summary>False when the definition is certainly an error (the generator emits nothing);
            /// throws <see cref="NotSureException"/> when the reader is not sure.</summary>
            private bool ReadDefine()
            {
                MethodDeclarationSyntax? define = null;
                foreach (var member in _declaration.Members)
                {
                    if (!(member is MethodDeclarationSyntax method) || method.Identifier.ValueText != "Define") continue;
                    if (define != null) throw new NotSureException(method.Identifier.GetLocation(), "the class declares more than one Define method", "one 'public static WorkflowDefinition Define()'");
                    define = method;
                }
                const string defineForm = "'public static WorkflowDefinition Define() => Workflow.Named(...)...' in the class declaration that has the [Workflow] attribute";
                if (define == null) throw new NotSureException(_declaration.Identifier.GetLocation(), "Define() is not in this declaration of the class", defineForm);
                _reading.Define = define;
                if (!define.Modifiers.Any(SyntaxKind.StaticKeyword) || define.ParameterList.Parameters.Count != 0 || define.TypeParameterList != null
                    || define.ExplicitInterfaceSpecifier != null || define.Modifiers.Any(SyntaxKind.PartialKeyword))
                    throw new NotSureException(define.Identifier.GetLocation(), "Define() is not a static, parameterless, non-generic method", defineForm);
                if (!IsSpelled(define.ReturnType, "WorkflowDefinition", "WorkflowDsl"))
                    throw new NotSureException(define.ReturnType, "Define()'s return type is not spelled WorkflowDefinition", defineForm);
                _reading.Reliances?.Add(RelianceKind.ReturnType, define.ReturnType, DslTypes.WorkflowDefinition);

                var body = ParserSupport.SingleReturnExpression(define, out var offending);
                if (offending != null)
                {
                    _diagnostics?.Add(DiagnosticDescriptors.UnsupportedShape, offending is BlockSyntax ? define.Identifier.GetLocation() : offending.GetLocation(),
                        "The body of Define() is not a single return of the definition: " + WorkflowParser.SupportedShape + ".");
                    _valid = false;
                    return false;
                }
                // A body that is still being typed: the compiler reports it.
                if (body == null) return false;

                var invocations = new List<InvocationExpressionSyntax>();
                var root = ParserSupport.WalkCallChain(body, invocations, out var notACall, _cancellationToken)
                    ?? throw new NotSureException(notACall!, "'" + Shorten(notACall!) + "' is not a call of the DSL", "one chain of WorkflowDefinition calls starting with Workflow.Named(...)");
                if (!IsSpelled(root, "Workflow", "WorkflowDsl"))
                    throw new NotSureException(root, "the chain starts from '" + Shorten(root) + "', not Workflow", "Workflow.Named(...) or a seed template such as Workflow.Invitation(...)");
                _reading.Reliances?.Add(RelianceKind.Type, root, DslTypes.Workflow);

                bool ok = true;
                for (int i = 0; i < invocations.Count; i++)
                {
                    var invocation = invocations[i];
                    string name = ((MemberAccessExpressionSyntax)invocation.Expression).Name.Identifier.ValueText;
                    var methods = i == 0 ? DslApi.StartMethods : DslApi.DefinitionMethods;
                    if (!methods.TryGetValue(name, out var method))
                        throw new NotSureException(invocation, "'" + name + "' is not a method of " + (i == 0 ? "Workflow" : "WorkflowDefinition") + " the generator knows", "calls of the DSL only");
                    var arguments = MapArguments(method, invocation);
                    ok &= i == 0 ? ReadStart(invocation, method, arguments) : ReadCall(invocation, method, arguments);
                    // The generator stops at the first error; the analyzer reads on, as the compiler would, for every diagnostic.
                    if (!ok && !Analyzing) return false;
                }
                if (!ok) _valid = false;
                return ok;
            }

            private bool ReadStart(InvocationExpressionSyntax call, DslMethod method, ArgumentValues arguments)
            {
                if (_sites != null) _sites.Start = ParserSupport.CallLocation(call);
                _name = (string?)arguments["name"] ?? "";
                RecordField("Name", call);
                int channels = arguments.TryGetValue("channels", out var c) ? (int)c! : 0;
                long delay = arguments.TryGetValue("delay", out var d) ? ((Duration)d!).Ticks : 0;
                if (arguments.TryGetValue("delay", out var duration) && ((Duration)duration!).OutOfRange)
                {
                    TooLong(call, arguments, "delay");
                    return false;
                }
                Dictionary<string, Location>? seedArguments = null;
                if (Analyzing && method.IndexOf("channels") >= 0)
                {
                    seedArguments = new Dictionary<string, Location> { ["channels"] = arguments.Location("channels", call) };
                    if (method.IndexOf("delay") >= 0) seedArguments["duration"] = arguments.Location("delay", call);
                }
                foreach (var step in SeedTemplates.Expand(method.Name, channels, delay, DslApi.DefaultTemplate)!)
                {
                    _steps.Add(step.Shape);
                    RecordStep(call, step.UsesSeedArguments && seedArguments != null ? new Dictionary<string, Location>(seedArguments) : null, templateWritten: false);
                }
                return true;
            }

            /// <summary>WFDSL012 for a duration that does not fit a TimeSpan (the analyzer's reading).</summary>
            private void TooLong(InvocationExpressionSyntax call, ArgumentValues arguments, string parameter) =>
                _diagnostics?.Add(DiagnosticDescriptors.NotConstant, arguments.Location(parameter, call), DefinitionSites.TooLongMessage(parameter, call));

            private bool ReadCall(InvocationExpressionSyntax call, DslMethod method, ArgumentValues a)
            {
                if (StepCatalog.FindVerb(method.Name) is StepVerb verb) return AddStep(call, verb, a);
                switch (method.Name)
                {
                    case "Describe": _description = (string?)a["description"] ?? ""; RecordField("Description", call); return true;
                    case "OwnedBy": _owner = (string?)a["ownerId"]; RecordField("Owner", call); return true;
                    case "ForContents":
                        _contents = (List<string>)a["contentIds"]!;
                        if (_sites != null)
                        {
                            _sites.ContentLocations = a.ElementLocations("contentIds");
                            _sites.ContentsCall = ParserSupport.NameLocation(call);
                        }
                        RecordField("Contents", call);
                        return true;
                    case "Labels": _labels = (List<string>)a["labels"]!; RecordField("Labels", call); return true;
                    case "TargetGroup":
                        _targetGroupLambda = (string)a["configure"]!;
                        _reading.Reliances?.Add(RelianceKind.TargetGroup, a.Written("configure")!, DslTypes.TargetGroup);
                        RecordField("TargetGroupLambda", call);
                        return true;
                    case "Schedule":
                        _hasSchedule = true;
                        _cron = (string?)a["cron"];
                        _timeZone = (string?)a["timeZone"];
                        if (_sites != null)
                        {
                            _sites.Cron = a.Location("cron", call);
                            _sites.TimeZone = a.Location("timeZone", call);
                        }
                        RecordField("Cron", call);
                        RecordField("TimeZone", call);
                        return true;
                    case "RemoveStep":
                    {
                        var key = (string?)a["key"];
                        var keys = DefinitionRules.DeriveKeys(_steps);
                        var remaining = key == null ? null : DefinitionRules.RemoveStep(_steps, key);
                        if (remaining == null)
                        {
                            _diagnostics?.Add(DiagnosticDescriptors.DuplicateStepKey, a.Location("key", call), DefinitionSites.NoSuchStepMessage(key, keys));
                            return false;
                        }
                        int removed = Array.IndexOf(keys, key);
                        if (_reading.ForAnalyzer)
                        {
                            _reading.StepCalls.RemoveAt(removed);
                            _sites!.Steps.RemoveAt(removed);
                        }
                        _steps.Clear();
                        _steps.AddRange(remaining);
                        return true;
                    }
                    default:
                        throw new NotSureException(call, "'" + method.Name + "' is not a method the generator reads", "calls of the DSL only");
                }
            }

            // Which call set a field or added a step: the analyzer's check of this reading points there.
            private void RecordField(string field, InvocationExpressionSyntax call)
            {
                if (_reading.ForAnalyzer) _reading.FieldCalls[field] = call;
            }

            private void RecordStep(InvocationExpressionSyntax call, Dictionary<string, Location>? arguments, bool templateWritten)
            {
                if (!_reading.ForAnalyzer) return;
                _reading.StepCalls.Add(call);
                // A seed template's steps are reported at the seed call.
                _sites!.Steps.Add(new StepSite(ParserSupport.CallLocation(call), arguments ?? new Dictionary<string, Location>(), templateWritten));
            }

            /// <summary>A step verb of the catalogue (<see cref="StepCatalog.Verbs"/>): its step from the call's values.</summary>
            private bool AddStep(InvocationExpressionSyntax call, StepVerb verb, ArgumentValues a)
            {
                long ticks = 0;
                if (a.TryGetValue("duration", out var d))
                {
                    var duration = (Duration)d!;
                    if (duration.OutOfRange)
                    {
                        TooLong(call, a, "duration");
                        return false;
                    }
                    ticks = duration.Ticks;
                }
                var recipient = a.TryGetValue("recipient", out var r) ? (Recipient)(int)r! : default;
                var channels = a.TryGetValue("channels", out var c) ? (Channel)(int)c! : default;
                int times = a.TryGetValue("times", out var t) ? (int)t! : 0;
                string? template = a.TryGetValue("template", out var text) ? (string?)text : null;
                _steps.Add(verb.Make((string?)a["key"], recipient, channels, template, ticks, times));
                RecordStep(call, Analyzing ? a.Locations(call, verb.RuleArguments) : null, templateWritten: a.Written("template") != null);
                return true;
            }

            /// <summary>Maps the written arguments to the method's parameters as the compiler does
            /// (positional, then named; params in expanded form; omitted optional parameters take their
            /// default values) and evaluates each; throws <see cref="NotSureException"/> otherwise.</summary>
            private ArgumentValues MapArguments(DslMethod method, InvocationExpressionSyntax call)
            {
                var values = new ArgumentValues(method);
                List<string>? expanded = null;
                int positional = 0;
                bool named = false;
                string callText = method.CallText;
                foreach (var argument in call.ArgumentList.Arguments)
                {
                    if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Expression.IsMissing)
                        throw new NotSureException(argument, "an argument of " + callText + " is incomplete or passed by reference", SupportedForms);
                    int index;
                    if (argument.NameColon != null)
                    {
                        named = true;
                        index = method.IndexOf(argument.NameColon.Name.Identifier.ValueText);
                        if (index < 0 || values.IsSet(index) || method.Parameters[index].IsParams)
                            throw new NotSureException(argument, "the named argument '" + argument.NameColon.Name.Identifier.ValueText + "' of " + callText + " is not one the generator maps", "arguments by position or by the DSL's parameter names");
                    }
                    else
                    {
                        if (named) throw new NotSureException(argument, "a positional argument of " + callText + " follows a named one", "positional arguments before named ones");
                        if (positional >= method.Parameters.Count) throw new NotSureException(argument, callText + " has more arguments than the DSL method", "the DSL's parameters");
                        index = positional;
                        if (method.Parameters[index].IsParams)
                        {
                            if (!TryString(argument.Expression, _scope, out var text) || text == null)
                                throw new NotSureException(argument.Expression, "'" + Shorten(argument.Expression) + "' in " + callText + " is not a string literal", "string literals, for example ForContents(\"C-1\", \"C-2\")");
                            (expanded ??= new List<string>()).Add(text);
                            if (Analyzing) values.AddElement(argument.Expression);
                            continue;
                        }
                        positional++;
                    }
                    values.Set(index, Evaluate(method.Parameters[index], argument.Expression, callText), Analyzing ? argument.Expression : null);
                }
                for (int i = 0; i < method.Parameters.Count; i++)
                {
                    var parameter = method.Parameters[i];
                    if (values.IsSet(i)) continue;
                    if (parameter.IsParams) values.Set(i, expanded ?? new List<string>(), null);
                    else if (parameter.IsOptional) values.Set(i, parameter.DefaultValue, null);
                    else throw new NotSureException(call, callText + " has no argument for '" + parameter.Name + "'", "the DSL's parameters");
                }
                return values;
            }

            private object? Evaluate(DslParameter parameter, ExpressionSyntax expression, string callText)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                // The message's text only when it is needed: the expression's text is a copy of the source.
                string What() => "the " + parameter.Name + " argument of " + callText + ", '" + Shorten(expression) + "',";
                switch (parameter.Kind)
                {
                    case DslValueKind.String:
                        if (TryString(expression, _scope, out var text)) return text;
                        throw new NotSureException(expression, What() + " is not a string literal", "a string literal (or + of literals, or nameof(...))");
                    case DslValueKind.Int:
                        if (TryInt(expression, _scope, out int number)) return number;
                        throw new NotSureException(expression, What() + " is not an integer literal", "an integer literal");
                    case DslValueKind.Channel:
                        if (TryEnum(expression, _scope, "Channel", DslApi.ChannelMembers, out int channels)) return channels;
                        throw new NotSureException(expression, What() + " is not written as Channel members", "Channel.Email, Channel.Push, Channel.Sms or a combination with |");
                    case DslValueKind.Recipient:
                        if (TryEnum(expression, _scope, "Recipient", DslApi.RecipientMembers, out int recipient)) return recipient;
                        throw new NotSureException(expression, What() + " is not written as a Recipient member", "Recipient.User, Recipient.Manager or Recipient.HrPartner");
                    case DslValueKind.Duration:
                        if (TryDuration(expression, _scope, out var duration)) return duration;
                        throw new NotSureException(expression, What() + " is not a duration the generator reads", ParserSupport.DurationForms);
                    case DslValueKind.TargetGroupLambda:
                        // Its text: the plan records only that there is one (the run time takes it from Define()).
                        return ParserSupport.Unparenthesize(expression).ToString();
                    default:
                        throw new NotSureException(expression, What() + " is of a kind the generator does not read", SupportedForms);
                }
            }

        }

        /// <summary>The values of one call's parameters, by the parameter's index in the DSL method (a
        /// call has at most a few, so a lookup by name is a short scan rather than a dictionary).</summary>
        private sealed class ArgumentValues
        {
            private readonly DslMethod _method;
            private readonly object?[] _values;
            private readonly bool[] _set;
            // The analyzer's reading: each argument as written (null when omitted) and a params argument's elements.
            private ExpressionSyntax?[]? _written;
            private List<Location>? _elements;

            public ArgumentValues(DslMethod method)
            {
                _method = method;
                _values = new object?[method.Parameters.Count];
                _set = new bool[method.Parameters.Count];
            }

            public object? this[string parameterName] =>
                TryGetValue(parameterName, out var value) ? value : throw new KeyNotFoundException(_method.Name + " has no value for '" + parameterName + "'");

            public bool IsSet(int index) => _set[index];

            public void Set(int index, object? value, ExpressionSyntax? written)
            {
                _values[index] = value;
                _set[index] = true;
                if (written != null) (_written ??= new ExpressionSyntax?[_values.Length])[index] = written;
            }

            public void AddElement(ExpressionSyntax element) => (_elements ??= new List<Location>()).Add(element.GetLocation());

            public bool TryGetValue(string parameterName, out object? value)
            {
                int index = _method.IndexOf(parameterName);
                value = index >= 0 && _set[index] ? _values[index] : null;
                return index >= 0 && _set[index];
            }

            /// <summary>The argument as written, or null when it was omitted.</summary>
            public ExpressionSyntax? Written(string parameterName)
            {
                int index = _method.IndexOf(parameterName);
                return index >= 0 && _written != null ? _written[index] : null;
            }

            /// <summary>Where a diagnostic about the argument goes: as written, or for an omitted argument the call's method name.</summary>
            public Location Location(string parameterName, InvocationExpressionSyntax call) =>
                Written(parameterName)?.GetLocation() ?? ParserSupport.NameLocation(call);

            /// <summary>The locations of a step's arguments the step rules name, and the key where it is written.</summary>
            public Dictionary<string, Location> Locations(InvocationExpressionSyntax call, IReadOnlyList<string> parameterNames)
            {
                var result = new Dictionary<string, Location>(StringComparer.Ordinal);
                foreach (var name in parameterNames) result[name] = Location(name, call);
                if (Written("key") is ExpressionSyntax key) result["key"] = key.GetLocation();
                return result;
            }

            /// <summary>The locations of a params argument's elements.</summary>
            public List<Location> ElementLocations(string parameterName) => _elements ?? new List<Location>();
        }

        /// <summary>A duration in ticks, and whether it does not fit a TimeSpan.</summary>
        private sealed class Duration
        {
            public Duration(long ticks, bool outOfRange)
            {
                Ticks = ticks;
                OutOfRange = outOfRange;
            }

            public long Ticks { get; }
            public bool OutOfRange { get; }
        }

        // ---------------------------------------------------------------- declarations

        /// <summary>The namespace as the symbol's ToDisplayString() gives it: "" for the global namespace.</summary>
        private static string Namespace(SyntaxNode declaration)
        {
            var parts = new List<string>();
            for (SyntaxNode? node = declaration.Parent; node != null; node = node.Parent)
            {
                if (node is BaseNamespaceDeclarationSyntax ns) parts.Insert(0, NameText(ns.Name));
            }
            return string.Join(".", parts);
        }

        private static string NameText(NameSyntax name)
        {
            switch (name)
            {
                case IdentifierNameSyntax identifier: return Escape(identifier.Identifier.ValueText);
                case QualifiedNameSyntax qualified: return NameText(qualified.Left) + "." + NameText(qualified.Right);
                default: return name.ToString();
            }
        }

        private static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        /// <summary>"global::Ns.Outer.Name&lt;T&gt;", as SymbolDisplayFormat.FullyQualifiedFormat spells the type.</summary>
        internal static string FullyQualifiedName(TypeDeclarationSyntax declaration) => FullyQualifiedName(declaration, Namespace(declaration));

        private static string FullyQualifiedName(TypeDeclarationSyntax declaration, string ns)
        {
            var types = new List<string>();
            for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax type; node = node.Parent)
            {
                string name = Escape(type.Identifier.ValueText);
                if (type.TypeParameterList != null)
                {
                    var parameters = new List<string>();
                    foreach (var parameter in type.TypeParameterList.Parameters) parameters.Add(Escape(parameter.Identifier.ValueText));
                    name += "<" + string.Join(", ", parameters) + ">";
                }
                types.Insert(0, name);
            }
            return "global::" + (ns.Length == 0 ? "" : ns + ".") + string.Join(".", types);
        }

        /// <summary>As WorkflowParser's TypeDeclarations(): outermost first, "static partial" where the
        /// declaration says static (the parser also uses the class symbol's IsStatic, which another
        /// part of the class can set: the analyzer allows that difference).</summary>
        private static List<string> TypeDeclarations(ClassDeclarationSyntax declaration)
        {
            var result = new List<string>();
            for (SyntaxNode? node = declaration; node != null; node = node.Parent)
            {
                if (!(node is TypeDeclarationSyntax type)) continue;
                string keyword = type.Keyword.Text;
                if (type is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.None)) keyword += " " + record.ClassOrStructKeyword.Text;
                string modifiers = type.Modifiers.Any(SyntaxKind.StaticKeyword) ? "static partial " : "partial ";
                result.Insert(0, modifiers + keyword + " " + type.Identifier.Text + (type.TypeParameterList?.ToString() ?? ""));
            }
            return result;
        }

        /// <summary>As <see cref="Names.IsVisibleInAssembly"/> from syntax: no private, protected or
        /// private protected type around the class (a nested type without an accessibility modifier is private).</summary>
        private static bool Visible(ClassDeclarationSyntax declaration)
        {
            for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax type; node = node.Parent)
            {
                if (!IsReachable(type.Modifiers, type.Parent is TypeDeclarationSyntax)) return false;
            }
            return true;
        }
    }
}
