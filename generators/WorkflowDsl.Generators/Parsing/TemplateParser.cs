using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Reads a [MessageTemplate] method into a <see cref="TemplateModel"/> and its diagnostics.</summary>
    internal static class TemplateParser
    {
        public const string TemplateAttributeName = "WorkflowDsl.MessageTemplateAttribute";

        private const string SupportedShape =
            "a [MessageTemplate] method must be 'static TemplateDefinition Name() => Template.Language(\"en\", c => c.Email(subject, body).Push(title, body).Sms(text))' " +
            "followed by .Language(...) and .FallbackTo(...) calls, with constant texts";

        /// <summary>Contract: never throws (except on cancellation); Model == null when any error exists.
        /// Uses the default SMS segment threshold.</summary>
        public static ParseResult<TemplateModel> Parse(MethodDeclarationSyntax declaration, IMethodSymbol symbol, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Analyze(declaration, symbol, semanticModel, SmsSegments.DefaultMaxSegments, cancellationToken).Result;

        /// <summary>Parses with the given SMS segment threshold (see <see cref="SmsThreshold"/>) and returns
        /// what the analyzer needs. The calls and texts are read as the syntax reader reads values, with the
        /// DSL's methods found by lookup and the names relied on bound (<see cref="Diagnostics.RelianceCheck"/>);
        /// where that reading is not sure (or <paramref name="allowSyntax"/> is false), by binding the body.</summary>
        public static TemplateAnalysis Analyze(MethodDeclarationSyntax declaration, IMethodSymbol symbol, SemanticModel semanticModel, int maxSmsSegments, CancellationToken cancellationToken, bool allowSyntax = true)
        {
            try
            {
                return new Reader(declaration, symbol, semanticModel, maxSmsSegments, allowSyntax, cancellationToken).Read();
            }
            catch (Exception exception) when (!(exception is OperationCanceledException))
            {
                // Half-typed code must never crash the compiler: give up on this declaration quietly
                // (tests observe these, so a parser bug does not hide here).
                ParserFailures.Observe(exception);
                return new TemplateAnalysis(new ParseResult<TemplateModel>(null, EquatableArray<DiagnosticInfo>.Empty), null, null, Array.Empty<TemplateChannelText>());
            }
        }

        private sealed class Reader
        {
            private readonly MethodDeclarationSyntax _declaration;
            private readonly IMethodSymbol _symbol;
            private readonly SemanticModel _model;
            private readonly int _maxSmsSegments;
            private readonly CancellationToken _cancellationToken;
            private readonly DiagnosticCollector _diagnostics = new DiagnosticCollector();
            private readonly List<TemplateChannelText> _texts = new List<TemplateChannelText>();
            private bool _complete = true;
            private string? _id;
            private readonly List<TemplatePartText> _parts = new List<TemplatePartText>();
            // False: read by binding only (tests compare the two readings).
            private readonly bool _allowSyntax;
            // The syntax reading's content calls of each Language call (null when read by binding).
            private Dictionary<InvocationExpressionSyntax, List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>>? _syntaxContents;

            public Reader(MethodDeclarationSyntax declaration, IMethodSymbol symbol, SemanticModel model, int maxSmsSegments, bool allowSyntax, CancellationToken cancellationToken)
            {
                _allowSyntax = allowSyntax;
                _declaration = declaration;
                _symbol = symbol;
                _model = model;
                _maxSmsSegments = maxSmsSegments;
                _cancellationToken = cancellationToken;
            }

            public TemplateAnalysis Read()
            {
                string? id = null;
                var attribute = DslTypes.FindAttribute(_symbol, TemplateAttributeName);
                if (attribute != null && attribute.ConstructorArguments.Length == 1) id = attribute.ConstructorArguments[0].Value as string;
                Location idLocation = _declaration.Identifier.GetLocation();
                if (attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax syntax && syntax.ArgumentList != null && syntax.ArgumentList.Arguments.Count > 0)
                    idLocation = syntax.ArgumentList.Arguments[0].Expression.GetLocation();
                _id = id;
                if (id == null) _complete = false;
                else if (!Kebab.IsValid(id))
                {
                    _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, idLocation,
                        "Template id '" + id + "' is not kebab-case: use 1-" + Kebab.MaxLength + " lower-case letters, digits and single hyphens, starting with a letter (for example 'forklift-invitation').");
                }

                bool ok = CheckDeclaration() && ReadBody();
                TemplateModel? model = null;
                if (ok && _complete && id != null && !_diagnostics.HasErrors)
                    model = new TemplateModel(id, _symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), _symbol.Name);
                return new TemplateAnalysis(new ParseResult<TemplateModel>(model, _diagnostics.ToArray()), id, idLocation, _texts) { ReadBySyntaxReader = _syntaxContents != null, Parts = _parts };
            }

            private bool CheckDeclaration()
            {
                var location = _declaration.Identifier.GetLocation();
                if (!_symbol.IsStatic || _symbol.Parameters.Length > 0 || _symbol.TypeParameters.Length > 0)
                {
                    _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, location,
                        "[MessageTemplate] method '" + _symbol.Name + "' must be static and take no parameters: the template registry calls it once.");
                    return false;
                }
                if (_symbol.ReturnType.TypeKind == TypeKind.Error) { _complete = false; return false; }
                if (!DslTypes.Is(_symbol.ReturnType, DslTypes.TemplateDefinition))
                {
                    _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, _declaration.ReturnType.GetLocation(),
                        "[MessageTemplate] method '" + _symbol.Name + "' returns '" + _symbol.ReturnType.ToDisplayString() + "': it must return WorkflowDsl.Templates.TemplateDefinition.");
                    return false;
                }
                for (ISymbol? s = _symbol; s != null && !(s is INamespaceSymbol); s = s.ContainingSymbol)
                {
                    if (s.DeclaredAccessibility == Accessibility.Private || s.DeclaredAccessibility == Accessibility.Protected || s.DeclaredAccessibility == Accessibility.ProtectedAndInternal)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, location,
                            "[MessageTemplate] method '" + _symbol.Name + "' is not reachable from the generated template registry because '" + s.Name + "' is " + s.DeclaredAccessibility.ToString().ToLowerInvariant() + ": make it internal or public.");
                        return false;
                    }
                    if (s is INamedTypeSymbol { IsFileLocal: true })
                    {
                        _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, location,
                            "[MessageTemplate] method '" + _symbol.Name + "' is not reachable from the generated template registry because '" + s.Name + "' is file-local ('file'): remove 'file' (make it internal or public).");
                        return false;
                    }
                }
                return true;
            }

            private bool ReadBody()
            {
                var body = ParserSupport.SingleReturnExpression(_declaration, out var offending);
                if (offending != null)
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, offending is BlockSyntax ? _declaration.Identifier.GetLocation() : offending.GetLocation(),
                        "The body of '" + _symbol.Name + "' is not a single return of the template: " + SupportedShape + ".");
                    return false;
                }
                if (body == null) { _complete = false; return false; }

                // The syntax reader's values and the DSL's methods found by lookup, with the names relied on
                // bound (no binding of the body), when it is sure of every call and value; otherwise binding.
                var read = _allowSyntax ? ReadBySyntax(body) : null;
                var calls = new List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method)>();
                if (read != null) foreach (var call in read) calls.Add((call.Syntax, call.Method));
                else switch (ParserSupport.CollectChain(_model, body, DslTypes.Template, DslTypes.TemplateDefinition, m => m.Name == "Language" || m.Name == "FallbackTo",
                    calls, out var unsupported, out var unsupportedMethod, _cancellationToken))
                {
                    case ChainOutcome.Incomplete:
                        _complete = false;
                        return false;
                    case ChainOutcome.Unsupported:
                        if (unsupportedMethod == null)
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, unsupported!.GetLocation(), "The generator cannot follow this template: " + SupportedShape + ".");
                        else
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, ParserSupport.CallLocation((InvocationExpressionSyntax)unsupported!),
                                "The generator cannot follow the call to '" + unsupportedMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "': " + SupportedShape + ".");
                        return false;
                }

                var languages = new List<string>();
                string? fallback = null;
                Location? fallbackLocation = null;
                bool ok = true;
                for (int i = 0; i < calls.Count; i++)
                {
                    var call = calls[i];
                    CallArguments operation;
                    if (read != null) operation = read[i].Arguments;
                    else if (_model.GetOperation(call.Syntax, _cancellationToken) is IInvocationOperation invocation) operation = new OperationArguments(invocation);
                    else { _complete = false; return false; }
                    var languageArgument = operation.Get("language");
                    if (languageArgument == null || languageArgument.IsInvalid) { _complete = false; return false; }
                    var languageLocation = languageArgument.Location(call.Syntax);
                    if (!languageArgument.TryString(out var language) || language == null)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.NotConstant, languageLocation,
                            "The language of a template must be a compile-time constant: use a string literal such as \"en\" or a const string.");
                        ok = false;
                        continue;
                    }
                    if (call.Method.Name == "FallbackTo")
                    {
                        fallback = language;
                        fallbackLocation = languageLocation;
                        continue;
                    }
                    if (languages.Any(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase)))
                    {
                        _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, languageLocation,
                            "The template defines language '" + language + "' twice: keep one .Language(\"" + language + "\", ...).");
                        ok = false;
                    }
                    languages.Add(language);
                    ok &= ReadContent(call.Syntax, operation, language);
                }
                if (fallback != null && !languages.Any(l => string.Equals(l, fallback, StringComparison.OrdinalIgnoreCase)))
                {
                    _diagnostics.Add(DiagnosticDescriptors.InvalidDeclaration, fallbackLocation,
                        "The template falls back to '" + fallback + "', which it does not define: add .Language(\"" + fallback + "\", ...) or change FallbackTo.");
                    ok = false;
                }
                return ok;
            }

            private bool ReadContent(InvocationExpressionSyntax call, CallArguments operation, string language)
            {
                if (!(operation.Get("content")?.Written is ExpressionSyntax written)) { _complete = false; return false; }
                string shape = "write the texts as one chain on the lambda's parameter, such as c => c.Email(\"subject\", \"body\").Sms(\"text\")";
                if (!(ParserSupport.Unparenthesize(written) is LambdaExpressionSyntax lambda) || !(lambda.Body is ExpressionSyntax body))
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, written.GetLocation(), "The generator cannot follow this template content: " + shape + ".");
                    return false;
                }
                if (_syntaxContents != null && _syntaxContents.TryGetValue(call, out var readContent)) return ReadTexts(readContent, language);
                ParameterSyntax? parameter = lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter
                    : lambda is ParenthesizedLambdaExpressionSyntax parenthesized && parenthesized.ParameterList.Parameters.Count == 1 ? parenthesized.ParameterList.Parameters[0] : null;
                var parameterSymbol = parameter == null ? null : _model.GetDeclaredSymbol(parameter, _cancellationToken);
                if (parameterSymbol == null) { _complete = false; return false; }

                var calls = new List<InvocationExpressionSyntax>();
                ExpressionSyntax current = body;
                while (true)
                {
                    current = ParserSupport.Unparenthesize(current);
                    if (current is InvocationExpressionSyntax invocation)
                    {
                        var method = ParserSupport.Method(_model, invocation, _cancellationToken);
                        if (method == null) { _complete = false; return false; }
                        if (method.IsStatic || !DslTypes.Is(method.ContainingType, DslTypes.TemplateContent) || !(invocation.Expression is MemberAccessExpressionSyntax member)
                            || !(method.Name == "Email" || method.Name == "Push" || method.Name == "Sms"))
                        {
                            _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, ParserSupport.CallLocation(invocation),
                                "The generator cannot follow the call to '" + method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "' in a template: " + shape + ".");
                            return false;
                        }
                        calls.Add(invocation);
                        current = member.Expression;
                        continue;
                    }
                    if (current is IdentifierNameSyntax identifier && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(identifier, _cancellationToken).Symbol, parameterSymbol)) break;
                    if (_model.GetTypeInfo(current, _cancellationToken).Type?.TypeKind == TypeKind.Error) { _complete = false; return false; }
                    _diagnostics.Add(DiagnosticDescriptors.UnsupportedShape, current.GetLocation(), "The generator cannot follow this template content: " + shape + ".");
                    return false;
                }
                calls.Reverse();

                var contentCalls = new List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>();
                foreach (var invocation in calls)
                {
                    if (!(_model.GetOperation(invocation, _cancellationToken) is IInvocationOperation content)) { _complete = false; return false; }
                    contentCalls.Add((invocation, content.TargetMethod, new OperationArguments(content)));
                }
                return ReadTexts(contentCalls, language);
            }

            /// <summary>The template's chain read from syntax (values as the syntax reader reads them, each
            /// method the only one of its name on the DSL's type), with every content lambda's calls; null
            /// when not sure of something or when a name relied on does not bind to the DSL's.</summary>
            private List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>? ReadBySyntax(ExpressionSyntax body)
            {
                var compilation = _model.Compilation;
                var template = compilation.GetTypeByMetadataName(DslTypes.Template);
                var definition = compilation.GetTypeByMetadataName(DslTypes.TemplateDefinition);
                var content = compilation.GetTypeByMetadataName(DslTypes.TemplateContent);
                if (template == null || definition == null || content == null || !(_declaration.Parent is TypeDeclarationSyntax scope)) return null;
                var invocations = new List<InvocationExpressionSyntax>();
                var root = ParserSupport.WalkCallChain(body, invocations, out _, _cancellationToken);
                if (root == null || !SyntaxReader.IsSpelled(root, "Template", "WorkflowDsl.Templates")) return null;
                var reliances = new Reliances();
                reliances.Add(RelianceKind.Type, root, DslTypes.Template);
                var calls = new List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>();
                var contents = new Dictionary<InvocationExpressionSyntax, List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>>();
                for (int i = 0; i < invocations.Count; i++)
                {
                    string name = ((MemberAccessExpressionSyntax)invocations[i].Expression).Name.Identifier.ValueText;
                    if (name != "Language" && (i == 0 || name != "FallbackTo")) return null;
                    var method = DslTypes.SingleMethod(i == 0 ? template : definition, name, isStatic: i == 0);
                    if (method == null || !DslTypes.Is(method.ReturnType, DslTypes.TemplateDefinition)) return null;
                    var arguments = SyntaxArguments.Map(method, invocations[i].ArgumentList, scope, reliances);
                    if (arguments == null) return null;
                    if (name == "Language")
                    {
                        if (!(arguments.Get("content")?.Written is ExpressionSyntax written) || !(ParserSupport.Unparenthesize(written) is LambdaExpressionSyntax lambda)
                            || !(ReadContentBySyntax(lambda, content, scope, reliances) is { } contentCalls)) return null;
                        contents[invocations[i]] = contentCalls;
                    }
                    calls.Add((invocations[i], method, arguments));
                }
                if (!Diagnostics.RelianceCheck.Holds(reliances, _symbol.ContainingType, _declaration, _model, _cancellationToken)) return null;
                _syntaxContents = contents;
                return calls;
            }

            /// <summary>A content lambda's Email/Push/Sms calls on its parameter, in source order, from syntax; null when not sure.</summary>
            private List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>? ReadContentBySyntax(LambdaExpressionSyntax lambda, INamedTypeSymbol content, TypeDeclarationSyntax scope, Reliances reliances)
            {
                if (!(DslTypes.SingleUntypedParameter(lambda) is ParameterSyntax parameter) || !(lambda.Body is ExpressionSyntax current)) return null;
                var calls = new List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)>();
                while (true)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    current = ParserSupport.Unparenthesize(current);
                    if (current is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter.Identifier.ValueText) break;
                    if (!(current is InvocationExpressionSyntax invocation) || !(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return null;
                    string name = member.Name.Identifier.ValueText;
                    if (!(name == "Email" || name == "Push" || name == "Sms")) return null;
                    var method = DslTypes.SingleMethod(content, name, isStatic: false);
                    if (method == null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, content)) return null;
                    var arguments = SyntaxArguments.Map(method, invocation.ArgumentList, scope, reliances);
                    if (arguments == null) return null;
                    calls.Add((invocation, method, arguments));
                    current = member.Expression;
                }
                calls.Reverse();
                return calls;
            }

            /// <summary>The texts of a content lambda's Email/Push/Sms calls.</summary>
            private bool ReadTexts(List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method, CallArguments Arguments)> calls, string language)
            {
                // Later calls for the same channel replace earlier ones, as TemplateContent's "with" does.
                var channelTexts = new Dictionary<int, string>();
                bool ok = true;
                foreach (var content in calls)
                {
                    var invocation = content.Syntax;
                    var texts = new List<string>();
                    foreach (var parameter in content.Method.Parameters)
                    {
                        var textArgument = content.Arguments.Get(parameter.Name);
                        if (textArgument == null || textArgument.IsInvalid) { _complete = false; return false; }
                        var location = textArgument.Location(invocation);
                        if (!textArgument.TryString(out var text) || text == null)
                        {
                            _diagnostics.Add(DiagnosticDescriptors.NotConstant, location,
                                "The " + parameter.Name + " text of " + content.Method.Name + "() must be a compile-time constant: use a string literal, a const string or constants joined with +.");
                            ok = false;
                            continue;
                        }
                        texts.Add(text);
                        string part = PartName(content.Method.Name, parameter.Name);
                        _parts.Add(new TemplatePartText(language, part, text, textArgument.ValueSyntax, location));
                        CheckTemplateText(text, language, part, textArgument.ValueSyntax, location);
                        if (content.Method.Name == "Sms") CheckSmsLength(text, language, location);
                    }
                    int channel = content.Method.Name == "Email" ? 1 : content.Method.Name == "Push" ? 2 : 4;
                    channelTexts[channel] = string.Join("\n", texts);
                }
                foreach (var pair in channelTexts) _texts.Add(new TemplateChannelText(language, pair.Key, pair.Value));
                return ok;
            }

            /// <summary>The channel part a text argument is: "email subject", "email body", "push title", "push body", "SMS text".</summary>
            private static string PartName(string method, string parameter) =>
                method == "Sms" ? "SMS text" : method.ToLowerInvariant() + " " + parameter;

            /// <summary>The Liquid check of one text (LiquidCheck, the same as run validation and the renderer):
            /// unknown variables are WFDSL014, syntax, unknown filters, include/render and too deep nesting WFDSL030;
            /// each at the offending part of a plain literal, else at the argument, naming the template, language,
            /// part and line:column in the text.</summary>
            private void CheckTemplateText(string text, string language, string part, SyntaxNode? syntax, Location location)
            {
                foreach (var error in LiquidCheck.Check(text, TemplateAudience.Any))
                {
                    var descriptor = error.Kind == TemplateErrorKind.UnknownVariable ? DiagnosticDescriptors.UnknownPlaceholder : DiagnosticDescriptors.TemplateNotValidLiquid;
                    _diagnostics.Add(descriptor, TemplateText.Locate(syntax, location, text, error.Offset, error.Length), TemplateText.Describe(_id, language, part, error));
                }
            }

            private void CheckSmsLength(string text, string language, Location location)
            {
                var measure = SmsSegments.Measure(TemplateSyntax.SampleRender(text));
                if (measure.Segments <= _maxSmsSegments) return;
                _diagnostics.Add(DiagnosticDescriptors.SmsTooLong, location,
                    "The " + language + " SMS text takes " + measure.Segments + " segments (" + measure.Units + (measure.Unicode ? " UCS-2 characters" : " GSM-7 characters") +
                    " with typical placeholder values), more than the " + _maxSmsSegments + " allowed: shorten it" +
                    (measure.Unicode ? " or avoid characters outside GSM-7, which halve the segment size" : "") +
                    ", or raise workflowdsl.max_sms_segments in .editorconfig (or the WorkflowDslMaxSmsSegments property).");
            }
        }

        /// <summary>A template call's arguments read from syntax: strings as the syntax reader reads them,
        /// a lambda for a delegate parameter; mapped by position and name as the compiler maps them.</summary>
        private sealed class SyntaxArguments : CallArguments
        {
            private readonly IMethodSymbol _method;
            private readonly SyntaxValue?[] _values;

            private SyntaxArguments(IMethodSymbol method, SyntaxValue?[] values)
            {
                _method = method;
                _values = values;
            }

            public override ArgumentValue? Get(string parameterName)
            {
                for (int i = 0; i < _method.Parameters.Length; i++)
                {
                    if (_method.Parameters[i].Name == parameterName) return _values[i];
                }
                return null;
            }

            /// <summary>Null when an argument is not one the syntax reader reads, or the call does not map.</summary>
            public static SyntaxArguments? Map(IMethodSymbol method, ArgumentListSyntax list, TypeDeclarationSyntax scope, Reliances reliances)
            {
                var parameters = method.Parameters;
                var values = new SyntaxValue?[parameters.Length];
                int positional = 0;
                bool named = false;
                foreach (var argument in list.Arguments)
                {
                    if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Expression.IsMissing) return null;
                    int index = -1;
                    if (argument.NameColon != null)
                    {
                        named = true;
                        for (int i = 0; i < parameters.Length; i++)
                        {
                            if (parameters[i].Name == argument.NameColon.Name.Identifier.ValueText) index = i;
                        }
                        if (index < 0 || values[index] != null) return null;
                    }
                    else
                    {
                        if (named || positional >= parameters.Length) return null;
                        index = positional++;
                    }
                    var parameter = parameters[index];
                    if (parameter.IsParams) return null;
                    if (parameter.Type.SpecialType == SpecialType.System_String)
                    {
                        if (!SyntaxReader.TryString(argument.Expression, scope, reliances, out var text)) return null;
                        values[index] = new SyntaxValue(parameter, argument.Expression, text);
                    }
                    else if (ParserSupport.Unparenthesize(argument.Expression) is LambdaExpressionSyntax && parameter.Type.TypeKind == TypeKind.Delegate)
                    {
                        values[index] = new SyntaxValue(parameter, argument.Expression, null);
                    }
                    else
                    {
                        return null;
                    }
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    if (values[i] == null) return null;
                }
                return new SyntaxArguments(method, values);
            }
        }

        private sealed class SyntaxValue : ArgumentValue
        {
            private readonly IParameterSymbol _parameter;
            private readonly ExpressionSyntax _written;
            private readonly string? _text;

            public SyntaxValue(IParameterSymbol parameter, ExpressionSyntax written, string? text)
            {
                _parameter = parameter;
                _written = written;
                _text = text;
            }

            public override SyntaxNode? Written => _written;
            // As the bound value's syntax: the expression inside any parentheses.
            public override SyntaxNode? ValueSyntax => ParserSupport.Unparenthesize(_written);
            public override bool IsInvalid => false;
            public override ITypeSymbol ParameterType => _parameter.Type;
            public override Location Location(InvocationExpressionSyntax call) => _written.GetLocation();
            public override Location ElementLocation => _written.GetLocation();

            public override bool TryString(out string? text)
            {
                text = _text;
                return _parameter.Type.SpecialType == SpecialType.System_String;
            }

            public override bool TryInteger(out long number)
            {
                number = 0;
                return false;
            }

            public override bool TryDuration(out long ticks, out bool outOfRange)
            {
                ticks = 0;
                outOfRange = false;
                return false;
            }

            public override IReadOnlyList<ArgumentValue>? Elements() => null;
        }
    }
}
