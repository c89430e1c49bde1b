using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators.Diagnostics
{
    /// <summary>The analyzer's check that the names the syntax reader relied on are the DSL's: it binds
    /// only those (<see cref="Reliances"/>), never the Define() body, which would make Roslyn bind the
    /// whole chain. Each name is bound speculatively, alone, at Define()'s return type (outside the
    /// body); what a simple name means is shared by the Define() methods of a compilation that see the
    /// same namespaces and using directives and declare nothing of that name themselves.
    /// <para>When every name binds as the reader took it, the reader's model and diagnostics are the
    /// definition's (each DSL call then binds to the DSL method of its name, and each value is the one
    /// the reader read). Otherwise the analyzer reads the definition by binding it, and reports where
    /// the two readings differ (WFDSL021).</para></summary>
    internal sealed class RelianceCheck
    {
        /// <summary>Per compilation: what a name means in a scope many Define() methods share.</summary>
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, object?>> SharedLookups =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<string, object?>>();

        private readonly SemanticModel _model;
        private readonly INamedTypeSymbol _type;
        private readonly MethodDeclarationSyntax _define;
        private readonly int _position;
        private readonly ConcurrentDictionary<string, object?> _shared;
        private readonly CancellationToken _cancellationToken;
        private string? _scopeKey;
        private bool _scopeKeyComputed;

        private RelianceCheck(SemanticModel model, INamedTypeSymbol type, MethodDeclarationSyntax define, CancellationToken cancellationToken)
        {
            _model = model;
            _type = type;
            _define = define;
            _position = define.ReturnType.SpanStart;
            _shared = SharedLookups.GetValue(model.Compilation, _ => new ConcurrentDictionary<string, object?>(StringComparer.Ordinal));
            _cancellationToken = cancellationToken;
        }

        /// <summary>True when the reading is sure and everything it took for the DSL's by its spelling binds
        /// to the DSL: the attribute's id, the class's name, namespace and accessibility, and each
        /// <see cref="Reliance"/>. <paramref name="model"/> is the semantic model of the declaration's tree.</summary>
        public static bool Holds(SyntaxReading reading, INamedTypeSymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!reading.Sure || reading.Define == null || reading.Reliances == null || reading.Define.SyntaxTree != model.SyntaxTree) return false;
            // The declaration: the id the compiler binds, and the class as the symbol names it.
            var attribute = DslTypes.FindAttribute(symbol, WorkflowParser.WorkflowAttributeName);
            if (attribute == null || attribute.ConstructorArguments.Length != 1 || !(attribute.ConstructorArguments[0].Value is string id) || id != reading.Id) return false;
            if (Names.IsVisibleInAssembly(symbol) != reading.VisibleInAssembly) return false;
            if (reading.Model != null && (reading.Model.FullyQualifiedTypeName != symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                || reading.Model.Namespace != (symbol.ContainingNamespace == null || symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString()))) return false;
            // Define() must be the only member of that name (the binding parser looks among all the class's
            // parts): the reader saw this part; another part must not declare one (found in the parts'
            // declarations, without building the class's members).
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == reading.Declaration.SyntaxTree && reference.Span == reading.Declaration.Span) continue;
                if (!(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part) || part.Members.Any(m => DeclaresDefine(m))) return false;
            }

            var check = new RelianceCheck(model, symbol, reading.Define, cancellationToken);
            foreach (var reliance in reading.Reliances.All)
            {
                if (!check.Binds(reliance)) return false;
            }
            return true;
        }

        /// <summary>True when the member is or may be (an incomplete member) something named Define.</summary>
        private static bool DeclaresDefine(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method: return method.Identifier.ValueText == "Define";
                case PropertyDeclarationSyntax property: return property.Identifier.ValueText == "Define";
                case BaseTypeDeclarationSyntax nested: return nested.Identifier.ValueText == "Define";
                case EventDeclarationSyntax @event: return @event.Identifier.ValueText == "Define";
                case DelegateDeclarationSyntax @delegate: return @delegate.Identifier.ValueText == "Define";
                case BaseFieldDeclarationSyntax field: return field.Declaration.Variables.Any(v => v.Identifier.ValueText == "Define");
                case IncompleteMemberSyntax _: return true;
                default: return false;
            }
        }

        /// <summary>True when every name in <paramref name="reliances"/> binds as relied on, looked up at
        /// <paramref name="method"/>'s return type in <paramref name="type"/> (a [MessageTemplate] method's reading).</summary>
        public static bool Holds(Reliances reliances, INamedTypeSymbol type, MethodDeclarationSyntax method, SemanticModel model, CancellationToken cancellationToken)
        {
            var check = new RelianceCheck(model, type, method, cancellationToken);
            foreach (var reliance in reliances.All)
            {
                if (!check.Binds(reliance)) return false;
            }
            return true;
        }

        private bool Binds(Reliance reliance)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (reliance.Kind)
            {
                case RelianceKind.ReturnType:
                    return DslTypes.Is(TypeName((TypeSyntax)reliance.Node), reliance.Name);
                case RelianceKind.Type:
                    return Symbol((ExpressionSyntax)reliance.Node) is INamedTypeSymbol type && DslTypes.Is(type, reliance.Name);
                case RelianceKind.DurationExtension:
                    return DurationExtension((InvocationExpressionSyntax)reliance.Node, reliance.Name, Equals(reliance.Value, Reliances.FractionalCount)) is IMethodSymbol method
                        && method.ReducedFrom != null && method.Name == reliance.Name && DslTypes.Is(method.ContainingType, DslTypes.Durations);
                case RelianceKind.Const:
                    return Symbol((ExpressionSyntax)reliance.Node) is IFieldSymbol field && field.HasConstantValue && Equals(field.ConstantValue, reliance.Value)
                        && DslTypes.Is(field.Type, reliance.Name);
                case RelianceKind.Nameof:
                {
                    var argument = ((InvocationExpressionSyntax)reliance.Node).ArgumentList.Arguments[0].Expression;
                    if (!_model.LookupSymbols(_position, name: "nameof").IsEmpty) return false;
                    var info = _model.GetSpeculativeSymbolInfo(_position, argument, SpeculativeBindingOption.BindAsExpression);
                    return info.Symbol != null || !info.CandidateSymbols.IsEmpty;
                }
                case RelianceKind.TargetGroup:
                    return IsTargetGroup((ExpressionSyntax)reliance.Node);
                default:
                    return false;
            }
        }

        // ---------------------------------------------------------------- names

        /// <summary>What a name or member access means at the start of Define()'s body.</summary>
        private ISymbol? Symbol(ExpressionSyntax expression)
        {
            if (!(expression is IdentifierNameSyntax name)) return _model.GetSpeculativeSymbolInfo(_position, expression, SpeculativeBindingOption.BindAsExpression).Symbol;
            string? key = SharedKey("N:", name.Identifier.ValueText);
            if (key != null && _shared.TryGetValue(key, out var shared)) return (ISymbol?)shared;
            var symbol = _model.GetSpeculativeSymbolInfo(_position, name, SpeculativeBindingOption.BindAsExpression).Symbol;
            if (key != null) _shared[key] = symbol;
            return symbol;
        }

        /// <summary>What a type name means at Define()'s return type (a simple name shared as <see cref="Symbol"/>'s are).</summary>
        private ITypeSymbol? TypeName(TypeSyntax type)
        {
            string? key = type is IdentifierNameSyntax name ? SharedKey("R:", name.Identifier.ValueText) : null;
            if (key != null && _shared.TryGetValue(key, out var shared)) return (ITypeSymbol?)shared;
            var symbol = _model.GetSpeculativeTypeInfo(_position, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            if (key != null) _shared[key] = symbol;
            return symbol;
        }

        /// <summary>The method <c>N.Unit()</c> binds to: the same for any int N (and for any double N), so
        /// shared by unit name and whether N is fractional.</summary>
        private IMethodSymbol? DurationExtension(InvocationExpressionSyntax invocation, string unit, bool fractional)
        {
            string? key = SharedKey("X:", unit);
            if (key != null && fractional) key += ":" + Reliances.FractionalCount;
            if (key != null && _shared.TryGetValue(key, out var shared)) return (IMethodSymbol?)shared;
            var method = _model.GetSpeculativeSymbolInfo(_position, invocation, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            if (key != null) _shared[key] = method;
            return method;
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
                for (var type = _type; type != null; type = type.ContainingType)
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
            for (var type = _type; type != null; type = type.ContainingType)
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

        // ---------------------------------------------------------------- target groups

        /// <summary>True when TargetGroup's argument is a lambda whose body is one chain of TargetGroup
        /// calls on its parameter, each the only TargetGroup method of its name, with arguments that
        /// certainly convert to its parameters (so the call binds as the DSL's). Any target group is
        /// accepted by the plan (the run time takes it from Define()); this keeps the reader from calling
        /// "sure" what may not bind, such as half-typed code.</summary>
        private bool IsTargetGroup(ExpressionSyntax argument)
        {
            if (!_shared.TryGetValue("\u0003" + DslTypes.TargetGroup, out var found))
                _shared["\u0003" + DslTypes.TargetGroup] = found = _model.Compilation.GetTypeByMetadataName(DslTypes.TargetGroup);
            var targetGroup = (INamedTypeSymbol?)found;
            if (targetGroup == null || !(ParserSupport.Unparenthesize(argument) is LambdaExpressionSyntax lambda)) return false;
            if (!(DslTypes.SingleUntypedParameter(lambda) is ParameterSyntax parameter) || !(lambda.Body is ExpressionSyntax body)) return false;
            ExpressionSyntax current = body;
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                current = ParserSupport.Unparenthesize(current);
                if (current is InvocationExpressionSyntax invocation)
                {
                    if (!(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return false;
                    var method = DslTypes.SingleMethod(targetGroup, member.Name.Identifier.ValueText, isStatic: false);
                    if (method == null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, targetGroup)) return false;
                    if (!ArgumentsConvert(method, invocation.ArgumentList)) return false;
                    current = member.Expression;
                    continue;
                }
                return current is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter.Identifier.ValueText;
            }
        }

        /// <summary>True when the arguments map to the method's parameters as the compiler maps them
        /// (positional, then named; params expanded; omitted ones optional) and each certainly converts.</summary>
        private bool ArgumentsConvert(IMethodSymbol method, ArgumentListSyntax list)
        {
            var parameters = method.Parameters;
            var set = new bool[parameters.Length];
            int positional = 0;
            bool named = false;
            foreach (var argument in list.Arguments)
            {
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) || argument.Expression.IsMissing) return false;
                int index;
                if (argument.NameColon != null)
                {
                    named = true;
                    index = -1;
                    for (int i = 0; i < parameters.Length; i++)
                    {
                        if (parameters[i].Name == argument.NameColon.Name.Identifier.ValueText) index = i;
                    }
                    if (index < 0 || set[index] || parameters[index].IsParams) return false;
                }
                else
                {
                    if (named || positional >= parameters.Length) return false;
                    index = positional;
                    if (!parameters[index].IsParams) positional++;
                }
                var parameter = parameters[index];
                var type = parameter.IsParams ? ((parameter.Type as IArrayTypeSymbol)?.ElementType) : parameter.Type;
                if (type == null || !Converts(argument.Expression, type)) return false;
                set[index] = true;
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                if (!set[i] && !parameters[i].IsParams && !parameters[i].HasExplicitDefaultValue) return false;
            }
            return true;
        }

        /// <summary>True when the argument certainly converts to <paramref name="type"/> and has no error
        /// of its own: a string or int literal of that type, enum members, a lambda whose <c>p.Member</c>
        /// accesses name members of the delegate's parameter type, or <c>new T(literals)</c> whose
        /// constructor takes exactly those literals. Anything else is not sure (the analyzer then binds).</summary>
        private bool Converts(ExpressionSyntax expression, ITypeSymbol type)
        {
            var value = ParserSupport.Unparenthesize(expression);
            switch (value)
            {
                case LambdaExpressionSyntax lambda:
                    return IsLambdaFor(type, lambda);
                case LiteralExpressionSyntax _:
                case PrefixUnaryExpressionSyntax _:
                    return IsLiteralOf(value, type);
                case ObjectCreationExpressionSyntax creation:
                {
                    if (creation.Initializer != null || creation.ArgumentList == null) return false;
                    var created = _model.GetSpeculativeTypeInfo(_position, creation.Type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
                    if (!SymbolEqualityComparer.Default.Equals(created, type)) return false;
                    if (!(_model.GetSpeculativeSymbolInfo(_position, creation, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol constructor)) return false;
                    var arguments = creation.ArgumentList.Arguments;
                    if (arguments.Count != constructor.Parameters.Length) return false;
                    for (int i = 0; i < arguments.Count; i++)
                    {
                        if (arguments[i].NameColon != null || !arguments[i].RefKindKeyword.IsKind(SyntaxKind.None) || !IsLiteralOf(arguments[i].Expression, constructor.Parameters[i].Type)) return false;
                    }
                    return true;
                }
                default:
                    return type.TypeKind == TypeKind.Enum && IsEnumMembers(value, type);
            }
        }

        /// <summary>A string literal for a string, an int literal (with unary minus) for an int.</summary>
        private static bool IsLiteralOf(ExpressionSyntax expression, ITypeSymbol type)
        {
            var value = ParserSupport.Unparenthesize(expression);
            if (value is PrefixUnaryExpressionSyntax unary && unary.IsKind(SyntaxKind.UnaryMinusExpression)) value = ParserSupport.Unparenthesize(unary.Operand);
            if (!(value is LiteralExpressionSyntax literal)) return false;
            if (literal.IsKind(SyntaxKind.StringLiteralExpression)) return type.SpecialType == SpecialType.System_String && value == ParserSupport.Unparenthesize(expression);
            return literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is int && type.SpecialType == SpecialType.System_Int32;
        }

        /// <summary><c>E.Member</c> or <c>|</c> of such, where the simple name E means the enum type.</summary>
        private bool IsEnumMembers(ExpressionSyntax expression, ITypeSymbol type)
        {
            switch (ParserSupport.Unparenthesize(expression))
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.BitwiseOrExpression):
                    return IsEnumMembers(binary.Left, type) && IsEnumMembers(binary.Right, type);
                case MemberAccessExpressionSyntax member when member.IsKind(SyntaxKind.SimpleMemberAccessExpression) && member.Expression is IdentifierNameSyntax name:
                    return SymbolEqualityComparer.Default.Equals(Symbol(name), type)
                        && type.GetMembers(member.Name.Identifier.ValueText).Any(m => m is IFieldSymbol field && field.HasConstantValue);
                default:
                    return false;
            }
        }

        /// <summary>A delegate or expression-tree parameter whose lambda's <c>p.Member</c> accesses all
        /// name members of the parameter's type.</summary>
        private static bool IsLambdaFor(ITypeSymbol type, LambdaExpressionSyntax lambda)
        {
            var delegateType = type as INamedTypeSymbol;
            if (delegateType != null && delegateType.Name == "Expression" && delegateType.TypeArguments.Length == 1
                && delegateType.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                delegateType = delegateType.TypeArguments[0] as INamedTypeSymbol;
                if (!(lambda.Body is ExpressionSyntax)) return false;
            }
            var invoke = delegateType?.DelegateInvokeMethod;
            if (invoke == null || invoke.Parameters.Length != 1 || !(DslTypes.SingleUntypedParameter(lambda) is ParameterSyntax parameter)) return false;
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
    }
}
