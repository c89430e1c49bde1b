using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Reads a Define() chain without binding the Define() body (the fast path of
    /// <see cref="WorkflowParser"/>). Binding any node inside the body makes Roslyn bind the whole
    /// fluent chain, lambdas and overload resolution included, which duplicates the compiler's own
    /// work; this reader instead recognises each DSL call by symbol lookups:
    /// <list type="bullet">
    /// <item>the chain's root (<c>Workflow.Named(...)</c>): its receiver is bound speculatively, alone,
    /// at a position outside the method body (Define()'s return type), where no member semantic model and
    /// hence no nullable analysis of the body is involved;</item>
    /// <item>each following <c>.Method(args)</c>: the one method of that name among the members of the
    /// receiver's type (the previous DSL method's return type), arguments mapped to parameters by position,
    /// name, default values and params, and each argument's value evaluated from syntax (literals,
    /// string concatenation, negative numbers, <c>|</c> of enum members, <c>nameof</c>) with speculative
    /// symbol lookups for names (const fields, enum members) and duration calls (<c>30.Days()</c>);</item>
    /// <item>target-group lambdas: each call found among the members of TargetGroup, <c>u.Member</c>
    /// accesses among the members of the lambda parameter's type, and no name that could be a local of
    /// Define().</item>
    /// </list>
    /// It is only used when it is sure: every call resolves to exactly one DSL method, every argument
    /// converts to its parameter's type and is evaluated. Anything else returns null, and the parser
    /// falls back to binding (the same rules, diagnostics and model either way).</summary>
    internal sealed class LookupReader
    {
        private static readonly HashSet<string> StartMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "Named", "Invitation", "InvitationWithReminder", "InvitationWithReminders",
        };

        private static readonly HashSet<string> DefinitionMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "Describe", "OwnedBy", "ForContents", "Labels", "TargetGroup", "Schedule", "Invite", "Remind", "RemindManager",
            "NotifyHrPartner", "Message", "Wait", "WaitAndRepeat", "RemoveStep",
        };

        /// <summary>Per compilation: what a name means in a scope many Define() methods share (the same
        /// namespaces and using directives, no names of their own), so that 1,000 workflow classes in
        /// ten namespaces resolve <c>Workflow</c> or <c>Days</c> ten times, not 1,000.</summary>
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, object?>> SharedLookups =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<string, object?>>();

        private static readonly HashSet<string> TemplateStartMethods = new HashSet<string>(StringComparer.Ordinal) { "Language" };

        private static readonly HashSet<string> TemplateDefinitionMethods = new HashSet<string>(StringComparer.Ordinal) { "Language", "FallbackTo" };

        private readonly SemanticModel _model;
        private readonly MethodDeclarationSyntax _define;
        private readonly INamedTypeSymbol _containingType;
        private readonly ConcurrentDictionary<string, object?> _shared;
        private string? _scopeKey;
        private bool _scopeKeyComputed;
        private readonly int _position;
        private readonly CancellationToken _cancellationToken;
        // Within one Define() every name is looked up in the same scope: each is resolved once.
        private readonly Dictionary<string, ISymbol?> _names = new Dictionary<string, ISymbol?>(StringComparer.Ordinal);
        private readonly Dictionary<string, IMethodSymbol?> _durationExtensions = new Dictionary<string, IMethodSymbol?>(StringComparer.Ordinal);

        /// <param name="model">The semantic model of Define()'s syntax tree.</param>
        /// <param name="define">Define(): names are looked up as its body would see them, at a position
        /// outside the body (no locals or parameters are in scope at the start of Define()'s body).</param>
        /// <param name="containingType">The class that declares Define() (or the [MessageTemplate] method).</param>
        /// <param name="cancellationToken">Cancels the lookups.</param>
        public LookupReader(SemanticModel model, MethodDeclarationSyntax define, INamedTypeSymbol containingType, CancellationToken cancellationToken)
        {
            _model = model;
            _define = define;
            _containingType = containingType;
            _shared = SharedLookups.GetValue(model.Compilation, _ => new ConcurrentDictionary<string, object?>(StringComparer.Ordinal));
            _position = define.ReturnType.SpanStart;
            _cancellationToken = cancellationToken;
        }

        /// <summary>One DSL call of the chain.</summary>
        public sealed class Call
        {
            public Call(InvocationExpressionSyntax syntax, IMethodSymbol method, CallArguments arguments)
            {
                Syntax = syntax;
                Method = method;
                Arguments = arguments;
            }

            public InvocationExpressionSyntax Syntax { get; }
            public IMethodSymbol Method { get; }
            public CallArguments Arguments { get; }
        }

        /// <summary>The class's only member named Define, when it is a static, parameterless, non-generic
        /// method returning WorkflowDefinition (what the binding reader finds among the class's members),
        /// found in the class's declarations without building its members; otherwise null.</summary>
        public static MethodDeclarationSyntax? FindDefine(INamedTypeSymbol type, SemanticModel model, CancellationToken cancellationToken)
        {
            MethodDeclarationSyntax? found = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (!(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)) return null;
                if (declaration.ParameterList != null) return null;
                foreach (var member in declaration.Members)
                {
                    if (!NamesDefine(member)) continue;
                    if (found != null || !(member is MethodDeclarationSyntax method)) return null;
                    found = method;
                }
            }
            if (found == null || found.TypeParameterList != null || found.ParameterList.Parameters.Count != 0 || found.ExplicitInterfaceSpecifier != null
                || !found.Modifiers.Any(SyntaxKind.StaticKeyword) || found.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
            var treeModel = found.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(found.SyntaxTree);
            var returnType = treeModel.GetSpeculativeTypeInfo(found.ReturnType.SpanStart, found.ReturnType, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            return DslTypes.Is(returnType, DslTypes.WorkflowDefinition) ? found : null;
        }

        private static bool NamesDefine(MemberDeclarationSyntax member)
        {
            const string name = "Define";
            switch (member)
            {
                case MethodDeclarationSyntax method: return method.Identifier.ValueText == name;
                case PropertyDeclarationSyntax property: return property.Identifier.ValueText == name;
                case EventDeclarationSyntax @event: return @event.Identifier.ValueText == name;
                case BaseTypeDeclarationSyntax nested: return nested.Identifier.ValueText == name;
                case DelegateDeclarationSyntax @delegate: return @delegate.Identifier.ValueText == name;
                case BaseFieldDeclarationSyntax field: return field.Declaration.Variables.Any(v => v.Identifier.ValueText == name);
                case ConstructorDeclarationSyntax _:
                case DestructorDeclarationSyntax _:
                case OperatorDeclarationSyntax _:
                case ConversionOperatorDeclarationSyntax _:
                case IndexerDeclarationSyntax _:
                    return false;
                default:
                    // Anything else (incomplete members, for example): not sure.
                    return true;
            }
        }

        /// <summary>The chain's calls in source order, or null when the reader is not sure.</summary>
        public List<Call>? ReadWorkflowChain(ExpressionSyntax body) =>
            ReadChain(body, DslTypes.Workflow, DslTypes.WorkflowDefinition, StartMethods, DefinitionMethods);

        private List<Call>? ReadChain(ExpressionSyntax body, string startType, string builderType, HashSet<string> startMethods, HashSet<string> builderMethods)
        {
            var invocations = new List<InvocationExpressionSyntax>();
            var root = ParserSupport.WalkCallChain(body, invocations, out _, _cancellationToken);
            if (root == null) return null;

            // The root: Workflow.Named(...) and the seed templates, on the DSL's Workflow class.
            if (!(root is IdentifierNameSyntax || root is MemberAccessExpressionSyntax || root is AliasQualifiedNameSyntax)) return null;
            var rootSymbol = root is IdentifierNameSyntax rootName ? Name(rootName) : _model.GetSpeculativeSymbolInfo(_position, root, SpeculativeBindingOption.BindAsExpression).Symbol;
            if (!(rootSymbol is INamedTypeSymbol workflowType) || !DslTypes.Is(workflowType, startType)) return null;

            var calls = new List<Call>(invocations.Count);
            ITypeSymbol receiverType = workflowType;
            bool isStatic = true;
            foreach (var invocation in invocations)
            {
                string name = ((MemberAccessExpressionSyntax)invocation.Expression).Name.Identifier.ValueText;
                if (!(isStatic ? startMethods : builderMethods).Contains(name)) return null;
                var method = SingleMethod(receiverType, name, isStatic);
                if (method == null || !DslTypes.Is(method.ReturnType, builderType)) return null;
                var arguments = MapArguments(method, invocation.ArgumentList, forTargetGroup: false);
                if (arguments == null) return null;
                calls.Add(new Call(invocation, method, arguments));
                receiverType = method.ReturnType;
                isStatic = false;
            }
            return calls;
        }

        /// <summary>A [MessageTemplate] method's chain (<c>Template.Language(...)</c>, then <c>.Language(...)</c>
        /// and <c>.FallbackTo(...)</c>) in source order, or null when the reader is not sure.</summary>
        public List<Call>? ReadTemplateChain(ExpressionSyntax body) =>
            ReadChain(body, DslTypes.Template, DslTypes.TemplateDefinition, TemplateStartMethods, TemplateDefinitionMethods);

        /// <summary>The calls of a template content lambda (<c>c => c.Email(...).Push(...).Sms(...)</c>) in
        /// source order, each found among TemplateContent's methods, or null when the reader is not sure.</summary>
        public List<Call>? ReadTemplateContent(LambdaExpressionSyntax lambda)
        {
            var content = _model.Compilation.GetTypeByMetadataName(DslTypes.TemplateContent);
            if (content == null || !(SingleUntypedParameter(lambda) is ParameterSyntax parameter) || !(lambda.Body is ExpressionSyntax body)) return null;
            var calls = new List<Call>();
            ExpressionSyntax current = body;
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                current = ParserSupport.Unparenthesize(current);
                if (current is InvocationExpressionSyntax invocation)
                {
                    if (!(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return null;
                    string name = member.Name.Identifier.ValueText;
                    if (!(name == "Email" || name == "Push" || name == "Sms")) return null;
                    var method = SingleMethod(content, name, isStatic: false);
                    if (method == null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, content)) return null;
                    var arguments = MapArguments(method, invocation.ArgumentList, forTargetGroup: false);
                    if (arguments == null) return null;
                    calls.Add(new Call(invocation, method, arguments));
                    current = member.Expression;
                    continue;
                }
                if (current is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter.Identifier.ValueText) break;
                return null;
            }
            calls.Reverse();
            return calls;
        }

        /// <summary>True when the target-group argument is a lambda whose body is one chain of TargetGroup
        /// calls on its parameter, each found among TargetGroup's methods with arguments it maps (so the call
        /// binds as the DSL's); false when the reader is not sure, and the parser binds the call instead.
        /// Any target group is accepted either way (the run time takes it from Define()); this only keeps
        /// the reader from calling "sure" what may not bind, such as half-typed code.</summary>
        public bool IsSureOfTargetGroup(ExpressionSyntax argument)
        {
            var targetGroup = _model.Compilation.GetTypeByMetadataName(DslTypes.TargetGroup);
            if (targetGroup == null || !(ParserSupport.Unparenthesize(argument) is LambdaExpressionSyntax lambda)) return false;
            if (!(SingleUntypedParameter(lambda) is ParameterSyntax parameter) || !(lambda.Body is ExpressionSyntax body)) return false;

            ExpressionSyntax current = body;
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                current = ParserSupport.Unparenthesize(current);
                if (current is InvocationExpressionSyntax invocation)
                {
                    if (!(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return false;
                    var method = SingleMethod(targetGroup, member.Name.Identifier.ValueText, isStatic: false);
                    if (method == null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, targetGroup)) return false;
                    if (MapArguments(method, invocation.ArgumentList, forTargetGroup: true) == null) return false;
                    current = member.Expression;
                    continue;
                }
                return current is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter.Identifier.ValueText;
            }
        }

        private static ParameterSyntax? SingleUntypedParameter(LambdaExpressionSyntax lambda)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) || lambda.AttributeLists.Count > 0) return null;
            ParameterSyntax? parameter = lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter
                : lambda is ParenthesizedLambdaExpressionSyntax parenthesized && parenthesized.ReturnType == null && parenthesized.ParameterList.Parameters.Count == 1 ? parenthesized.ParameterList.Parameters[0]
                : null;
            if (parameter == null || parameter.Type != null || parameter.Modifiers.Count > 0 || parameter.AttributeLists.Count > 0 || parameter.Default != null) return null;
            return parameter;
        }

        /// <summary><c>receiver.Name(...)</c> with a plain (non-generic) name, or null.</summary>
        /// <summary>The only member named <paramref name="name"/> of the type and its base types, when it
        /// is a public, non-generic method of the given static-ness; otherwise null.</summary>
        private static IMethodSymbol? SingleMethod(ITypeSymbol type, string name, bool isStatic)
        {
            IMethodSymbol? found = null;
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (found != null || !(member is IMethodSymbol method)) return null;
                    found = method;
                }
            }
            if (found == null || found.IsStatic != isStatic || found.DeclaredAccessibility != Accessibility.Public
                || found.IsGenericMethod || found.MethodKind != MethodKind.Ordinary || found.IsVararg) return null;
            foreach (var parameter in found.Parameters)
            {
                if (parameter.RefKind != RefKind.None) return null;
            }
            return found;
        }

        /// <summary>Maps the written arguments to the method's parameters as the compiler does for an
        /// applicable call (positional, then named; params in expanded form; omitted optional parameters
        /// take their default values) and evaluates each; null when any step is not certain.</summary>
        private LookupArguments? MapArguments(IMethodSymbol method, ArgumentListSyntax list, bool forTargetGroup)
        {
            var parameters = method.Parameters;
            var values = new LookupValue?[parameters.Length];
            List<ExpressionSyntax>? expanded = null;
            int paramsIndex = -1;
            int positional = 0;
            bool named = false;
            foreach (var argument in list.Arguments)
            {
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Expression.IsMissing) return null;
                if (argument.NameColon != null)
                {
                    named = true;
                    int index = IndexOf(parameters, argument.NameColon.Name.Identifier.ValueText);
                    if (index < 0 || values[index] != null || parameters[index].IsParams) return null;
                    values[index] = Evaluate(parameters[index], argument.Expression, forTargetGroup);
                    if (values[index] == null) return null;
                    continue;
                }
                if (named) return null;
                if (positional >= parameters.Length) return null;
                if (parameters[positional].IsParams)
                {
                    paramsIndex = positional;
                    expanded ??= new List<ExpressionSyntax>();
                    expanded.Add(argument.Expression);
                    continue;
                }
                values[positional] = Evaluate(parameters[positional], argument.Expression, forTargetGroup);
                if (values[positional] == null) return null;
                positional++;
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                if (values[i] != null) continue;
                var parameter = parameters[i];
                if (parameter.IsParams)
                {
                    values[i] = EvaluateParams(parameter, i == paramsIndex ? expanded! : new List<ExpressionSyntax>());
                    if (values[i] == null) return null;
                }
                else if (parameter.HasExplicitDefaultValue && (parameter.ExplicitDefaultValue == null || parameter.ExplicitDefaultValue is string || parameter.ExplicitDefaultValue is int))
                {
                    values[i] = LookupValue.Default(parameter, parameter.ExplicitDefaultValue);
                }
                else
                {
                    return null;
                }
            }
            return new LookupArguments(parameters, values!);
        }

        private static int IndexOf(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, string name)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].Name == name) return i;
            }
            return -1;
        }

        private LookupValue? EvaluateParams(IParameterSymbol parameter, List<ExpressionSyntax> elements)
        {
            if (!(parameter.Type is IArrayTypeSymbol array) || array.ElementType.SpecialType != SpecialType.System_String) return null;
            var values = new List<ArgumentValue>(elements.Count);
            foreach (var element in elements)
            {
                if (!TryConstant(element, out var value, out var type) || !(value is string) || type?.SpecialType != SpecialType.System_String) return null;
                values.Add(LookupValue.OfWritten(parameter, element, value));
            }
            return LookupValue.ParamsElements(parameter, values);
        }

        /// <summary>The argument's value when it certainly converts to the parameter's type and is a
        /// value the parser reads; null otherwise.</summary>
        private LookupValue? Evaluate(IParameterSymbol parameter, ExpressionSyntax expression, bool forTargetGroup)
        {
            var value = EvaluateValue(parameter, expression, forTargetGroup);
            if (value != null || !forTargetGroup || ParserSupport.Unparenthesize(expression) is LambdaExpressionSyntax) return value;
            // Inside a target group only the call's applicability matters (the lambda is copied as
            // written): an argument whose type is the parameter's type, bound speculatively on its
            // own (it cannot use the lambda's parameters, which are not in scope there).
            var type = _model.GetSpeculativeTypeInfo(_position, expression, SpeculativeBindingOption.BindAsExpression).Type;
            return type != null && type.TypeKind != TypeKind.Error && SymbolEqualityComparer.Default.Equals(type, parameter.Type)
                ? LookupValue.OfWritten(parameter, expression, null)
                : null;
        }

        private LookupValue? EvaluateValue(IParameterSymbol parameter, ExpressionSyntax expression, bool forTargetGroup)
        {
            var type = parameter.Type;
            if (type.SpecialType == SpecialType.System_String)
            {
                if (!TryConstant(expression, out var value, out var valueType)) return null;
                if (value == null ? valueType != null : valueType?.SpecialType != SpecialType.System_String) return null;
                return LookupValue.OfWritten(parameter, expression, value);
            }
            if (type.SpecialType == SpecialType.System_Int32)
            {
                if (!TryConstant(expression, out var value, out var valueType) || !(value is int) || valueType?.SpecialType != SpecialType.System_Int32) return null;
                return LookupValue.OfWritten(parameter, expression, (long)(int)value);
            }
            if (type.TypeKind == TypeKind.Enum)
            {
                if (!TryConstant(expression, out var value, out var valueType) || value == null || !SymbolEqualityComparer.Default.Equals(valueType, type)) return null;
                if (!(ToInt64(value) is long number)) return null;
                return LookupValue.OfWritten(parameter, expression, number);
            }
            if (DslTypes.Is(type, DslTypes.TimeSpan))
            {
                if (forTargetGroup || !TryDuration(expression, out long ticks, out bool outOfRange)) return null;
                return LookupValue.Duration(parameter, expression, ticks, outOfRange);
            }
            if (ParserSupport.Unparenthesize(expression) is LambdaExpressionSyntax lambda && IsLambdaFor(type, lambda, forTargetGroup))
            {
                return LookupValue.OfWritten(parameter, expression, null);
            }
            return null;
        }

        /// <summary>WorkflowDefinition.TargetGroup's Func&lt;TargetGroup, TargetGroup&gt; (whose body the
        /// parser checks next), or inside a target group a delegate or expression-tree parameter whose
        /// lambda's <c>p.Member</c> accesses all name members of the parameter's type.</summary>
        private bool IsLambdaFor(ITypeSymbol type, LambdaExpressionSyntax lambda, bool forTargetGroup)
        {
            var delegateType = type as INamedTypeSymbol;
            if (forTargetGroup && delegateType != null && delegateType.Name == "Expression" && delegateType.TypeArguments.Length == 1
                && delegateType.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                delegateType = delegateType.TypeArguments[0] as INamedTypeSymbol;
                if (!(lambda.Body is ExpressionSyntax)) return false;
            }
            var invoke = delegateType?.DelegateInvokeMethod;
            if (invoke == null || invoke.Parameters.Length != 1 || !(SingleUntypedParameter(lambda) is ParameterSyntax parameter)) return false;
            if (!forTargetGroup)
            {
                // WorkflowDefinition.TargetGroup's Func<TargetGroup, TargetGroup>, Template.Language's Func<TemplateContent, TemplateContent>.
                var builder = invoke.Parameters[0].Type;
                return (DslTypes.Is(builder, DslTypes.TargetGroup) || DslTypes.Is(builder, DslTypes.TemplateContent))
                    && SymbolEqualityComparer.Default.Equals(invoke.ReturnType, builder);
            }
            var parameterType = invoke.Parameters[0].Type;
            string name = parameter.Identifier.ValueText;
            foreach (var node in lambda.DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax access && access.Expression is IdentifierNameSyntax receiver && receiver.Identifier.ValueText == name
                    && !HasMember(parameterType, access.Name.Identifier.ValueText)) return false;
                // A nested lambda that reuses the name would make the lookup above wrong.
                if (node is ParameterSyntax nested && nested != parameter && nested.Identifier.ValueText == name) return false;
            }
            return true;
        }

        private static bool HasMember(ITypeSymbol type, string name)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current.GetMembers(name).Length > 0) return true;
            }
            return false;
        }

        private static long? ToInt64(object value)
        {
            switch (value)
            {
                case int i: return i;
                case long l: return l;
                case short s: return s;
                case byte b: return b;
                case sbyte sb: return sb;
                case ushort us: return us;
                case uint ui: return ui;
                default: return null;
            }
        }

        /// <summary>A constant value and its type, from syntax where it is written in place and from a
        /// speculative symbol lookup for names; false for anything else.</summary>
        private bool TryConstant(ExpressionSyntax expression, out object? value, out ITypeSymbol? type)
        {
            value = null;
            type = null;
            _cancellationToken.ThrowIfCancellationRequested();
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TryConstant(parenthesized.Expression, out value, out type);
                case LiteralExpressionSyntax literal:
                    switch (literal.Kind())
                    {
                        case SyntaxKind.StringLiteralExpression:
                            value = literal.Token.ValueText;
                            type = _model.Compilation.GetSpecialType(SpecialType.System_String);
                            return true;
                        case SyntaxKind.NumericLiteralExpression when literal.Token.Value is int number:
                            value = number;
                            type = _model.Compilation.GetSpecialType(SpecialType.System_Int32);
                            return true;
                        case SyntaxKind.NullLiteralExpression:
                            return true;
                        default:
                            return false;
                    }
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression):
                {
                    if (!TryConstant(unary.Operand, out var operand, out type) || !(operand is int number) || type?.SpecialType != SpecialType.System_Int32) return false;
                    if (unary.IsKind(SyntaxKind.UnaryMinusExpression) && number == int.MinValue) return false;
                    value = unary.IsKind(SyntaxKind.UnaryMinusExpression) ? -number : number;
                    return true;
                }
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.BitwiseOrExpression):
                {
                    if (!TryConstant(binary.Left, out var left, out var leftType) || !TryConstant(binary.Right, out var right, out var rightType)) return false;
                    if (binary.IsKind(SyntaxKind.AddExpression))
                    {
                        if (left is string l && right is string r && leftType?.SpecialType == SpecialType.System_String && rightType?.SpecialType == SpecialType.System_String)
                        {
                            value = l + r;
                            type = leftType;
                            return true;
                        }
                        return false;
                    }
                    if (left == null || right == null || leftType == null || leftType.TypeKind != TypeKind.Enum || !SymbolEqualityComparer.Default.Equals(leftType, rightType)) return false;
                    var underlying = ((INamedTypeSymbol)leftType).EnumUnderlyingType;
                    if (underlying?.SpecialType != SpecialType.System_Int32 || !(left is int a) || !(right is int b)) return false;
                    value = a | b;
                    type = leftType;
                    return true;
                }
                case InvocationExpressionSyntax invocation when invocation.Expression is IdentifierNameSyntax nameofName && nameofName.Identifier.ValueText == "nameof"
                    && invocation.ArgumentList.Arguments.Count == 1:
                    return TryNameof(invocation, out value, out type);
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                {
                    if (expression is MemberAccessExpressionSyntax member && !member.IsKind(SyntaxKind.SimpleMemberAccessExpression)) return false;
                    var symbol = expression is IdentifierNameSyntax identifier ? Name(identifier) : MemberOfNamedType((MemberAccessExpressionSyntax)expression)
                        ?? _model.GetSpeculativeSymbolInfo(_position, expression, SpeculativeBindingOption.BindAsExpression).Symbol;
                    if (!(symbol is IFieldSymbol field) || !field.HasConstantValue) return false;
                    value = field.ConstantValue;
                    type = field.Type;
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>What a simple name means at the start of Define()'s body (bound speculatively, once).</summary>
        private ISymbol? Name(IdentifierNameSyntax name)
        {
            string text = name.Identifier.ValueText;
            if (_names.TryGetValue(text, out var symbol)) return symbol;
            string? key = SharedKey("N:", text);
            if (key != null && _shared.TryGetValue(key, out var shared))
            {
                symbol = (ISymbol?)shared;
            }
            else
            {
                symbol = _model.GetSpeculativeSymbolInfo(_position, name, SpeculativeBindingOption.BindAsExpression).Symbol;
                if (key != null) _shared[key] = symbol;
            }
            _names[text] = symbol;
            return symbol;
        }

        /// <summary>The key under which what <paramref name="name"/> means here is shared with other
        /// Define() methods of the compilation, or null when it must be looked up for this one.</summary>
        /// <remarks>At the start of Define()'s body a simple name is looked up in: Define()'s own type
        /// parameters (none), the containing classes and their base classes, the enclosing namespaces
        /// (whose members are the same for every declaration in them) and the using directives of the
        /// file and namespaces; extension methods come only from namespaces and using directives. So
        /// two Define() methods with the same namespaces and using directives see the same thing, unless
        /// a containing class declares or inherits the name, or the name is declared in source (where
        /// a file-local type or extension could make it differ from file to file).</remarks>
        private string? SharedKey(string kind, string name)
        {
            var scope = ScopeKey();
            if (scope == null) return null;
            bool extension = kind == "X:";
            if (!extension)
            {
                for (var type = _containingType; type != null; type = type.ContainingType)
                {
                    if (type.Name == name || type.MemberNames.Contains(name)) return null;
                }
            }
            string declaredKey = (extension ? "\u0002M:" : "\u0002T:") + name;
            if (!_shared.TryGetValue(declaredKey, out var declared))
            {
                declared = _model.Compilation.ContainsSymbolsWithName(name, extension ? SymbolFilter.Member : SymbolFilter.Type, _cancellationToken);
                _shared[declaredKey] = declared;
            }
            if ((bool)declared!) return null;
            return scope + "\u0001" + kind + name;
        }

        private string? ScopeKey()
        {
            if (_scopeKeyComputed) return _scopeKey;
            _scopeKeyComputed = true;
            // Classes with type parameters, base classes or interfaces bring names of their own.
            for (var type = _containingType; type != null; type = type.ContainingType)
            {
                if (type.TypeParameters.Length > 0 || !type.Interfaces.IsEmpty) return null;
                if (type.BaseType != null && type.BaseType.SpecialType != SpecialType.System_Object) return null;
            }
            var parts = new List<string>();
            for (SyntaxNode? node = _define.Parent; node != null; node = node.Parent)
            {
                if (node is BaseNamespaceDeclarationSyntax ns)
                {
                    if (ns.Externs.Count > 0) return null;
                    parts.Add(ns.Name.ToString() + "{" + string.Join(";", ns.Usings.Select(u => u.ToString())));
                }
                else if (node is CompilationUnitSyntax unit)
                {
                    if (unit.Externs.Count > 0) return null;
                    parts.Add(string.Join(";", unit.Usings.Select(u => u.ToString())));
                }
            }
            _scopeKey = string.Join("|", parts);
            return _scopeKey;
        }

        /// <summary><c>T.Member</c> where the simple name T means a type: the type's only member of that
        /// name (a const field or enum member, found by member lookup as the compiler does); null when
        /// T is not a type or the member is not the only, accessible one (the caller then binds the
        /// whole expression speculatively).</summary>
        private ISymbol? MemberOfNamedType(MemberAccessExpressionSyntax access)
        {
            if (!(access.Expression is IdentifierNameSyntax qualifier) || !(access.Name is IdentifierNameSyntax) || !(Name(qualifier) is INamedTypeSymbol type)) return null;
            string name = access.Name.Identifier.ValueText;
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                var members = current.GetMembers(name);
                if (members.Length == 0) continue;
                return members.Length == 1 && members[0] is IFieldSymbol field && field.IsStatic && _model.IsAccessible(_position, field) ? field : null;
            }
            return null;
        }

        /// <summary><c>nameof(A.B)</c> is "B" when no method named nameof is in scope and the operand names something.</summary>
        private bool TryNameof(InvocationExpressionSyntax invocation, out object? value, out ITypeSymbol? type)
        {
            value = null;
            type = null;
            var argument = invocation.ArgumentList.Arguments[0];
            if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return false;
            string? last = argument.Expression is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText
                : argument.Expression is MemberAccessExpressionSyntax member && member.IsKind(SyntaxKind.SimpleMemberAccessExpression) && member.Name is IdentifierNameSyntax name ? name.Identifier.ValueText
                : null;
            if (last == null || !_model.LookupSymbols(_position, name: "nameof").IsEmpty) return false;
            var info = _model.GetSpeculativeSymbolInfo(_position, argument.Expression, SpeculativeBindingOption.BindAsExpression);
            if (info.Symbol == null && info.CandidateSymbols.IsEmpty) return false;
            value = last;
            type = _model.Compilation.GetSpecialType(SpecialType.System_String);
            return true;
        }

        /// <summary><c>30.Days()</c> (Minutes, Hours, Weeks; also <c>Durations.Days(30)</c>) or
        /// <c>TimeSpan.FromDays(30)</c> (FromMinutes, FromHours) with a constant int, as
        /// <see cref="ParserSupport.TryDuration"/> reads them.</summary>
        private bool TryDuration(ExpressionSyntax expression, out long ticks, out bool outOfRange)
        {
            ticks = 0;
            outOfRange = false;
            if (!(ParserSupport.Unparenthesize(expression) is InvocationExpressionSyntax invocation) || !(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return false;
            // N.Days() on an int binds to the same extension method whatever N is: resolved once per name.
            bool onInt = invocation.ArgumentList.Arguments.Count == 0 && TryConstant(member.Expression, out var receiver, out var receiverType)
                && receiver is int && receiverType?.SpecialType == SpecialType.System_Int32;
            IMethodSymbol? method;
            string unitName = member.Name.Identifier.ValueText;
            if (!onInt || !_durationExtensions.TryGetValue(unitName, out method))
            {
                string? key = onInt ? SharedKey("X:", unitName) : null;
                if (key != null && _shared.TryGetValue(key, out var shared))
                {
                    method = (IMethodSymbol?)shared;
                }
                else
                {
                    method = _model.GetSpeculativeSymbolInfo(_position, invocation, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
                    if (key != null) _shared[key] = method;
                }
                if (onInt) _durationExtensions[unitName] = method;
            }
            if (method == null) return false;
            ExpressionSyntax countExpression;
            var arguments = invocation.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return false;
            }
            if (!(ParserSupport.DurationUnit(method) is long unit)) return false;
            if (DslTypes.Is(method.ContainingType, DslTypes.Durations))
            {
                if (method.ReducedFrom != null && arguments.Count == 0) countExpression = member.Expression;
                else if (method.ReducedFrom == null && method.IsStatic && arguments.Count == 1) countExpression = arguments[0].Expression;
                else return false;
            }
            else if (method.Parameters.Length >= 1 && arguments.Count == 1
                && (method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 || method.Parameters[0].Type.SpecialType == SpecialType.System_Int64))
            {
                countExpression = arguments[0].Expression;
            }
            else
            {
                return false;
            }
            if (!TryConstant(countExpression, out var value, out var type) || !(value is int count) || type?.SpecialType != SpecialType.System_Int32) return false;
            ticks = ParserSupport.DurationTicks(count, unit, out outOfRange);
            return true;
        }

        private sealed class LookupArguments : CallArguments
        {
            private readonly System.Collections.Immutable.ImmutableArray<IParameterSymbol> _parameters;
            private readonly LookupValue[] _values;

            public LookupArguments(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, LookupValue[] values)
            {
                _parameters = parameters;
                _values = values;
            }

            public override ArgumentValue? Get(string parameterName)
            {
                int index = IndexOf(_parameters, parameterName);
                return index < 0 ? null : _values[index];
            }
        }

        /// <summary>An argument the lookup reader evaluated: a string, an integer (ints and enums), a
        /// duration, the elements of a params argument, or a lambda (read from syntax).</summary>
        private sealed class LookupValue : ArgumentValue
        {
            private readonly IParameterSymbol _parameter;
            private readonly ExpressionSyntax? _written;
            private readonly object? _value;
            private readonly bool _isDuration;
            private readonly bool _outOfRange;
            private readonly IReadOnlyList<ArgumentValue>? _elements;

            private LookupValue(IParameterSymbol parameter, ExpressionSyntax? written, object? value, bool isDuration, bool outOfRange, IReadOnlyList<ArgumentValue>? elements)
            {
                _parameter = parameter;
                _written = written;
                _value = value;
                _isDuration = isDuration;
                _outOfRange = outOfRange;
                _elements = elements;
            }

            public static LookupValue OfWritten(IParameterSymbol parameter, ExpressionSyntax expression, object? value) => new LookupValue(parameter, expression, value, false, false, null);
            public static LookupValue Default(IParameterSymbol parameter, object? value) => new LookupValue(parameter, null, value is int i ? (long)i : value, false, false, null);
            public static LookupValue Duration(IParameterSymbol parameter, ExpressionSyntax expression, long ticks, bool outOfRange) => new LookupValue(parameter, expression, ticks, true, outOfRange, null);
            public static LookupValue ParamsElements(IParameterSymbol parameter, IReadOnlyList<ArgumentValue> elements) => new LookupValue(parameter, null, null, false, false, elements);

            public override SyntaxNode? Written => _elements == null ? _written : null;
            public override bool IsInvalid => false;
            public override SyntaxNode? ValueSyntax => _written;
            public override ITypeSymbol ParameterType => _parameter.Type;
            public override Location ElementLocation => _written?.GetLocation() ?? Microsoft.CodeAnalysis.Location.None;

            public override Location Location(InvocationExpressionSyntax call) =>
                _written != null && _elements == null ? _written.GetLocation() : ParserSupport.NameLocation(call);

            public override bool TryString(out string? text)
            {
                text = _value as string;
                return !_isDuration && _elements == null && (_value == null || text != null);
            }

            public override bool TryInteger(out long number)
            {
                number = _value is long l ? l : 0;
                return !_isDuration && _value is long;
            }

            public override bool TryDuration(out long ticks, out bool outOfRange)
            {
                ticks = _isDuration && _value is long l ? l : 0;
                outOfRange = _outOfRange;
                return _isDuration;
            }

            public override IReadOnlyList<ArgumentValue>? Elements() => _elements;
        }
    }
}
