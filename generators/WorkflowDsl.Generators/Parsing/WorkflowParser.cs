using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Reads a [Workflow] class's Define() chain into a <see cref="WorkflowModel"/> and the
    /// diagnostics it breaks. The generator uses the model, the analyzer reports the diagnostics.</summary>
    /// <remarks>Where diagnostics go: a rule about a step is reported at that step's call, from the
    /// method name to the closing parenthesis (<c>Wait(0.Days())</c>), or at the offending argument
    /// when the rule names one; steps a seed template added are reported at the seed call
    /// (<c>InvitationWithReminder(...)</c>) or its argument. Rules about the whole workflow go to the
    /// chain's first call; the id's to the attribute argument.</remarks>
    internal static class WorkflowParser
    {
        public const string WorkflowAttributeName = "WorkflowDsl.WorkflowAttribute";

        internal const string SupportedShape =
            "Define() must be 'public static WorkflowDefinition Define() => Workflow.Named(...)' (or a seed template such as Workflow.Invitation(...)) " +
            "followed by one chain of WorkflowDefinition calls, with no variables, conditions or helper methods";

        /// <summary>Contract: never throws (except on cancellation); returns Model == null when the
        /// definition cannot be emitted (any error), with the diagnostics that say why.</summary>
        public static ParseResult<WorkflowModel> Parse(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Analyze(declaration, symbol, semanticModel, cancellationToken).Result;

        /// <summary>Parses by binding the Define() chain and also returns what the analyzer's
        /// compilation-wide checks need. The analyzer uses it only where the generator's syntax reader was
        /// not sure or relied on a name that binds to something else (see WorkflowAnalyzer.Analyze).</summary>
        public static WorkflowAnalysis Analyze(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            try
            {
                return new Reader(declaration, symbol, semanticModel, cancellationToken).Read();
            }
            catch (Exception exception) when (!(exception is OperationCanceledException))
            {
                // Half-typed code must never crash the compiler: give up on this declaration quietly
                // (tests observe these, so a parser bug does not hide here).
                ParserFailures.Observe(exception);
                return new WorkflowAnalysis(new ParseResult<WorkflowModel>(null, EquatableArray<DiagnosticInfo>.Empty), null, null, Array.Empty<MessageStepUse>());
            }
        }

        private sealed class Reader
        {
            private readonly ClassDeclarationSyntax _declaration;
            private readonly INamedTypeSymbol _symbol;
            private readonly SemanticModel _rootModel;
            private readonly CancellationToken _cancellationToken;
            private readonly DiagnosticCollector _diagnostics = new DiagnosticCollector();
            private ExpressionSyntax? _body;
            private SemanticModel _model;
            private MethodDeclarationSyntax? _define;
            // False when something did not bind: the compiler reports it, and no model is emitted.
            private bool _complete = true;

            private string? _id;
            private Location? _idLocation;
            private string _name = "";
            private string _description = "";
            private List<string> _contents = new List<string>();
            private List<string> _labels = new List<string>();
            private string? _owner;
            private string? _targetGroupLambda;
            private readonly List<StepShape> _steps = new List<StepShape>();
            // Where the diagnostics go (the same code as the syntax reader's).
            private readonly DefinitionSites _sites = new DefinitionSites();
            private bool _hasSchedule;
            private string? _cron;
            private string? _timeZone;

            public Reader(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
            {
                _declaration = declaration;
                _symbol = symbol;
                _rootModel = semanticModel;
                _model = semanticModel;
                _cancellationToken = cancellationToken;
            }

            public WorkflowAnalysis Read()
            {
                ReadId();
                if (_id != null) _diagnostics.AddAll(DefinitionRules.CheckWorkflowId(_id), _ => _idLocation ?? _declaration.Identifier.GetLocation());
                bool declarationOk = DefinitionSites.CheckDeclarations(_declaration, _diagnostics);
                bool chainOk = ReadDefine();
                if (chainOk) DefinitionSites.CheckRules(_sites, _diagnostics, _declaration, _contents, _steps, _hasSchedule, _cron, _timeZone);

                WorkflowModel? model = null;
                if (chainOk && declarationOk && _complete && _id != null && !_diagnostics.HasErrors)
                {
                    model = new WorkflowModel(
                        _id,
                        _symbol.ContainingNamespace == null || _symbol.ContainingNamespace.IsGlobalNamespace ? "" : _symbol.ContainingNamespace.ToDisplayString(),
                        TypeDeclarations().ToEquatableArray(),
                        _symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                        _name,
                        _description,
                        _contents.ToEquatableArray(),
                        _labels.ToEquatableArray(),
                        _owner,
                        _targetGroupLambda,
                        ParserSupport.StepModels(_steps),
                        _cron,
                        _timeZone);
                }

                var messageSteps = chainOk ? _sites.MessageSteps(_steps) : new List<MessageStepUse>();
                return new WorkflowAnalysis(new ParseResult<WorkflowModel>(model, _diagnostics.ToArray()), _id, _idLocation, messageSteps);
            }

            private void ReadId()
            {
                var attribute = DslTypes.FindAttribute(_symbol, WorkflowAttributeName);
                if (attribute == null || attribute.ConstructorArguments.Length != 1) { _complete = false; return; }
                _id = attribute.ConstructorArguments[0].Value as string;
                if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax syntax && syntax.ArgumentList != null && syntax.ArgumentList.Arguments.Count > 0)
                    _idLocation = syntax.ArgumentList.Arguments[0].Expression.GetLocation();
                if (_id == null) _complete = false;
            }

            private IEnumerable<string> TypeDeclarations()
            {
                var result = new List<string>();
                for (SyntaxNode? node = _declaration; node != null; node = node.Parent)
                {
                    if (!(node is TypeDeclarationSyntax type)) continue;
                    string keyword = type.Keyword.Text;
                    if (type is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.None)) keyword += " " + record.ClassOrStructKeyword.Text;
                    string modifiers = type.Modifiers.Any(SyntaxKind.StaticKeyword) || (type == _declaration && _symbol.IsStatic) ? "static partial " : "partial ";
                    result.Insert(0, modifiers + keyword + " " + type.Identifier.Text + (type.TypeParameterList?.ToString() ?? ""));
                }
                return result;
            }

            private bool ReadDefine()
            {
                MethodDeclarationSyntax? define = null;
                foreach (var member in _symbol.GetMembers("Define"))
                {
                    if (member is IMethodSymbol method && method.IsStatic && method.Parameters.Length == 0 && method.TypeParameters.Length == 0)
                    {
                        foreach (var reference in method.DeclaringSyntaxReferences)
                        {
                            if (reference.GetSyntax(_cancellationToken) is MethodDeclarationSyntax syntax) define = syntax;
                        }
                        if (!DslTypes.Is(method.ReturnType, DslTypes.WorkflowDefinition))
                        {
                            if (method.ReturnType.TypeKind == TypeKind.Error) { _complete = false; return false; }
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, define?.ReturnType.GetLocation() ?? _declaration.Identifier.GetLocation(),
                                "Define() returns '" + method.ReturnType.ToDisplayString() + "': " + SupportedShape + ".");
                            return false;
                        }
                    }
                }
                if (define == null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, _declaration.Identifier.GetLocation(),
                        "Class '" + _declaration.Identifier.Text + "' is marked [Workflow] but has no static parameterless Define() method: " + SupportedShape + ".");
                    return false;
                }
                _define = define;
                _model = define.SyntaxTree == _rootModel.SyntaxTree ? _rootModel : _rootModel.Compilation.GetSemanticModel(define.SyntaxTree);

                var body = ParserSupport.SingleReturnExpression(define, out var offending);
                if (offending != null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, offending is BlockSyntax ? define.Identifier.GetLocation() : offending.GetLocation(),
                        "The body of Define() is not a single return of the definition: " + SupportedShape + ".");
                    return false;
                }
                if (body == null) { _complete = false; return false; }
                _body = body;
                return ReadChain(body);
            }

            private bool ReadChain(ExpressionSyntax body)
            {
                var calls = new List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method)>();
                switch (ParserSupport.CollectChain(_model, body, DslTypes.Workflow, DslTypes.WorkflowDefinition, _ => true,
                    calls, out var unsupported, out var unsupportedMethod, _cancellationToken))
                {
                    case ChainOutcome.Incomplete:
                        _complete = false;
                        return false;
                    case ChainOutcome.Unsupported:
                        if (unsupportedMethod == null)
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, unsupported!.GetLocation(),
                                "The generator cannot follow '" + Shorten(unsupported) + "': " + SupportedShape + ".");
                        else
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, ParserSupport.CallLocation((InvocationExpressionSyntax)unsupported!),
                                "The generator cannot follow the call to '" + unsupportedMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "', which is not a WorkflowDsl method: " + SupportedShape + ".");
                        return false;
                }
                bool ok = true;
                foreach (var call in calls)
                {
                    if (!(_model.GetOperation(call.Syntax, _cancellationToken) is IInvocationOperation operation)) { _complete = false; return false; }
                    ok &= ReadCall(call.Syntax, call.Method, new OperationArguments(operation));
                }
                return ok;
            }

            private bool ReadCall(InvocationExpressionSyntax syntax, IMethodSymbol method, CallArguments operation)
            {
                if (method.IsStatic) return ReadStart(syntax, method, operation);
                if (StepCatalog.FindVerb(method.Name) is StepVerb verb) return ReadStep(syntax, operation, verb);
                switch (method.Name)
                {
                    case "Describe":
                        return ReadString(syntax, operation, "description", required: true, out var description) && Assign(() => _description = description ?? "");
                    case "OwnedBy":
                        return ReadString(syntax, operation, "ownerId", required: true, out var owner) && Assign(() => _owner = owner);
                    case "ForContents":
                    {
                        if (!ReadStrings(syntax, operation, "contentIds", out var values, out var locations)) return false;
                        _contents = values;
                        _sites.ContentLocations = locations;
                        _sites.ContentsCall = ParserSupport.NameLocation(syntax);
                        return true;
                    }
                    case "Labels":
                    {
                        if (!ReadStrings(syntax, operation, "labels", out var values, out _)) return false;
                        _labels = values;
                        return true;
                    }
                    case "TargetGroup":
                        return ReadTargetGroup(syntax, operation);
                    case "Schedule":
                    {
                        bool ok = ReadString(syntax, operation, "cron", required: true, out var cron);
                        ok &= ReadString(syntax, operation, "timeZone", required: true, out var timeZone);
                        if (!ok) return false;
                        _hasSchedule = true;
                        _cron = cron;
                        _timeZone = timeZone;
                        _sites.Cron = operation.Get("cron")!.Location(syntax);
                        _sites.TimeZone = operation.Get("timeZone")!.Location(syntax);
                        return true;
                    }
                    case "RemoveStep": return ReadRemoveStep(syntax, operation);
                    default:
                        _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, ParserSupport.CallLocation(syntax),
                            "The generator does not know WorkflowDefinition." + method.Name + "() inside a definition: " + SupportedShape + ".");
                        return false;
                }
            }

            private static bool Assign(Action assign)
            {
                assign();
                return true;
            }

            /// <summary>The seed templates: the same steps the run-time methods on Workflow add.</summary>
            private bool ReadStart(InvocationExpressionSyntax syntax, IMethodSymbol method, CallArguments operation)
            {
                _sites.Start = ParserSupport.CallLocation(syntax);
                if (!ReadString(syntax, operation, "name", required: true, out var name)) return false;
                _name = name ?? "";
                if (!SeedTemplates.IsStart(method.Name))
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, _sites.Start,
                        "The generator does not know Workflow." + method.Name + "(): start with Workflow.Named, Workflow.Invitation, Workflow.InvitationWithReminder or Workflow.InvitationWithReminders.");
                    return false;
                }
                if (method.Name == "Named") return true;
                if (!ReadInt(syntax, operation, "channels", out long channels, out var channelsLocation)) return false;
                long delay = 0;
                Location? delayLocation = null;
                if (SeedTemplates.HasDelay(method.Name) && !ReadDuration(syntax, operation, "delay", out delay, out delayLocation)) return false;
                var arguments = new Dictionary<string, Location> { ["channels"] = channelsLocation };
                if (delayLocation != null) arguments["duration"] = delayLocation;
                foreach (var step in SeedTemplates.Expand(method.Name, (int)channels, delay, m => DefaultTemplate(m, SeedTemplates.FallbackTemplate(m)))!)
                    AddSeedStep(step.Shape, step.UsesSeedArguments ? arguments : new Dictionary<string, Location>());
                return true;
            }

            private void AddStep(StepShape shape, Location call, Dictionary<string, Location> arguments, bool templateWritten)
            {
                _steps.Add(shape);
                _sites.Steps.Add(new StepSite(call, arguments, templateWritten));
            }

            private void AddSeedStep(StepShape shape, Dictionary<string, Location> arguments) =>
                AddStep(shape, _sites.Start!, new Dictionary<string, Location>(arguments), templateWritten: false);

            /// <summary>The template a step method uses when none is named: its parameter's default value, so the seed templates follow the DSL.</summary>
            private string DefaultTemplate(string methodName, string fallback)
            {
                var type = _rootModel.Compilation.GetTypeByMetadataName(DslTypes.WorkflowDefinition);
                if (type == null) return fallback;
                foreach (var member in type.GetMembers(methodName))
                {
                    if (!(member is IMethodSymbol method)) continue;
                    foreach (var parameter in method.Parameters)
                    {
                        if (parameter.Name == "template" && parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is string value) return value;
                    }
                }
                return fallback;
            }

            /// <summary>A step verb of the catalogue (<see cref="StepCatalog.Verbs"/>): reads its parameters in
            /// the DSL's order (their diagnostics come in that order) and makes its step.</summary>
            private bool ReadStep(InvocationExpressionSyntax syntax, CallArguments operation, StepVerb verb)
            {
                var arguments = new Dictionary<string, Location>();
                bool ok = true;
                long recipient = 0, channels = 0, ticks = 0, times = 0;
                string? template = null;
                bool templateWritten = false;
                foreach (var parameter in verb.Parameters)
                {
                    switch (parameter)
                    {
                        case "recipient":
                        {
                            ok &= ReadInt(syntax, operation, parameter, out recipient, out var location);
                            arguments[parameter] = location;
                            break;
                        }
                        case "channels":
                        {
                            ok &= ReadInt(syntax, operation, parameter, out channels, out var location);
                            arguments[parameter] = location;
                            break;
                        }
                        case "template":
                        {
                            ok &= ReadString(syntax, operation, parameter, required: false, out template);
                            var templateArgument = operation.Get(parameter);
                            templateWritten = templateArgument?.Written != null;
                            if (templateArgument != null) arguments[parameter] = templateArgument.Location(syntax);
                            break;
                        }
                        case "duration":
                        {
                            ok &= ReadDuration(syntax, operation, parameter, out ticks, out var location);
                            if (location != null) arguments[parameter] = location;
                            break;
                        }
                        case "times":
                        {
                            ok &= ReadInt(syntax, operation, parameter, out times, out var location);
                            arguments[parameter] = location;
                            break;
                        }
                    }
                }
                ok &= ReadKey(syntax, operation, arguments, out var key);
                if (!ok) return false;
                var shape = verb.Make(key, (Recipient)recipient, (Channel)channels, template, ticks, (int)Math.Max(int.MinValue, Math.Min(int.MaxValue, times)));
                AddStep(shape, ParserSupport.CallLocation(syntax), arguments, templateWritten);
                return true;
            }

            private bool ReadKey(InvocationExpressionSyntax syntax, CallArguments operation, Dictionary<string, Location> arguments, out string? key)
            {
                bool ok = ReadString(syntax, operation, "key", required: false, out key);
                var written = operation.Get("key")?.Written;
                if (written != null) arguments["key"] = written.GetLocation();
                return ok;
            }

            private bool ReadRemoveStep(InvocationExpressionSyntax syntax, CallArguments operation)
            {
                if (!ReadString(syntax, operation, "key", required: true, out var key)) return false;
                var location = operation.Get("key")!.Location(syntax);
                var keys = DefinitionRules.DeriveKeys(_steps);
                var remaining = key == null ? null : DefinitionRules.RemoveStep(_steps, key);
                if (remaining == null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.DuplicateStepKey, location, DefinitionSites.NoSuchStepMessage(key, keys));
                    return false;
                }
                int removed = Array.IndexOf(keys, key);
                _sites.Steps.RemoveAt(removed);
                _steps.Clear();
                _steps.AddRange(remaining);
                return true;
            }

            private bool ReadTargetGroup(InvocationExpressionSyntax syntax, CallArguments operation)
            {
                if (!(operation.Get("configure")?.Written is ExpressionSyntax written)) { _complete = false; return false; }
                // Any configuration will do: the plan only records that there is one, and the run time
                // takes the target group (expression trees) from Define() itself, so the argument may use
                // Define()'s locals, helpers or a method group. Its text is compared with the generator's reading.
                _targetGroupLambda = ParserSupport.Unparenthesize(written).ToString();
                return true;
            }

            private bool ReadString(InvocationExpressionSyntax syntax, CallArguments operation, string parameter, bool required, out string? value)
            {
                value = null;
                var argument = operation.Get(parameter);
                if (argument == null) { _complete = false; return false; }
                if (argument.IsInvalid) { _complete = false; return false; }
                if (argument.TryString(out value)) return true;
                _diagnostics.Add(DiagnosticDescriptors.NotConstant, argument.Location(syntax),
                    "The " + parameter + " argument of " + MethodName(syntax) + "() must be a compile-time constant: use a string literal or a const string.");
                return false;
            }

            private bool ReadStrings(InvocationExpressionSyntax syntax, CallArguments operation, string parameter, out List<string> values, out List<Location> locations)
            {
                values = new List<string>();
                locations = new List<Location>();
                var argument = operation.Get(parameter);
                if (argument == null || argument.IsInvalid) { _complete = false; return false; }
                var elements = argument.Elements();
                if (elements == null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.NotConstant, argument.Location(syntax),
                        "The arguments of " + MethodName(syntax) + "() must be compile-time constants written in the call: list string literals or const strings, not an array.");
                    return false;
                }
                bool ok = true;
                foreach (var element in elements)
                {
                    if (element.TryString(out var text))
                    {
                        values.Add(text ?? "");
                        locations.Add(element.ElementLocation);
                        continue;
                    }
                    _diagnostics.Add(DiagnosticDescriptors.NotConstant, element.ElementLocation,
                        "The arguments of " + MethodName(syntax) + "() must be compile-time constants: use string literals or const strings.");
                    ok = false;
                }
                return ok;
            }

            private bool ReadInt(InvocationExpressionSyntax syntax, CallArguments operation, string parameter, out long value, out Location location)
            {
                value = 0;
                location = ParserSupport.NameLocation(syntax);
                var argument = operation.Get(parameter);
                if (argument == null || argument.IsInvalid) { _complete = false; return false; }
                location = argument.Location(syntax);
                if (argument.TryInteger(out value)) return true;
                string forms = argument.ParameterType.TypeKind == TypeKind.Enum
                    ? "use enum members such as " + argument.ParameterType.Name + "." + FirstMember(argument.ParameterType) + (IsFlags(argument.ParameterType) ? " or a combination with |" : "")
                    : "use an integer literal or a const";
                _diagnostics.Add(DiagnosticDescriptors.NotConstant, location,
                    "The " + parameter + " argument of " + MethodName(syntax) + "() must be a compile-time constant: " + forms + ".");
                return false;
            }

            private bool ReadDuration(InvocationExpressionSyntax syntax, CallArguments operation, string parameter, out long ticks, out Location? location)
            {
                ticks = 0;
                location = null;
                var argument = operation.Get(parameter);
                if (argument == null || argument.IsInvalid) { _complete = false; return false; }
                location = argument.Location(syntax);
                if (argument.TryDuration(out ticks, out bool outOfRange))
                {
                    if (!outOfRange) return true;
                    _diagnostics.Add(DiagnosticDescriptors.NotConstant, location, DefinitionSites.TooLongMessage(parameter, syntax));
                    return false;
                }
                _diagnostics.Add(DiagnosticDescriptors.NotConstant, location,
                    "The " + parameter + " argument of " + MethodName(syntax) + "() must be a constant duration: write " + ParserSupport.DurationForms + ".");
                return false;
            }

            private static string MethodName(InvocationExpressionSyntax syntax) => DefinitionSites.MethodName(syntax);

            private static string FirstMember(ITypeSymbol type)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol field && field.HasConstantValue && !(field.ConstantValue is int zero && zero == 0)) return field.Name;
                }
                return "...";
            }

            private static bool IsFlags(ITypeSymbol type) =>
                type.GetAttributes().Any(a => a.AttributeClass?.Name == "FlagsAttribute");

            private static string Shorten(SyntaxNode node)
            {
                string text = node.WithoutTrivia().ToString().Replace("\r", " ").Replace("\n", " ");
                return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
            }
        }
    }
}
