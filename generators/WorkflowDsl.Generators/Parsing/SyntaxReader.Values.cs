using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The syntax reader's values (literals, consts of the same file, enum members, durations)
    /// and how it recognises the DSL's names by their spelling.</summary>
    internal static partial class SyntaxReader
    {
        // ---------------------------------------------------------------- values

        /// <summary>A string literal (regular, verbatim or raw), null, <c>nameof(A.B)</c>, or <c>+</c> of strings.</summary>
        private static bool TryString(ExpressionSyntax expression, ConstScope? scope, out string? value)
        {
            value = null;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TryString(parenthesized.Expression, scope, out value);
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    value = literal.Token.ValueText;
                    return true;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression):
                    return true;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    if (!TryString(binary.Left, scope, out var left) || left == null || !TryString(binary.Right, scope, out var right) || right == null) return false;
                    value = left + right;
                    return true;
                case InvocationExpressionSyntax invocation when invocation.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == "nameof"
                    && invocation.ArgumentList.Arguments.Count == 1:
                {
                    var argument = invocation.ArgumentList.Arguments[0];
                    if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return false;
                    if (argument.Expression is IdentifierNameSyntax identifier) value = identifier.Identifier.ValueText;
                    else if (argument.Expression is MemberAccessExpressionSyntax member && member.IsKind(SyntaxKind.SimpleMemberAccessExpression) && member.Name is IdentifierNameSyntax last)
                        value = last.Identifier.ValueText;
                    if (value != null) scope?.Reliances?.Add(RelianceKind.Nameof, invocation, "nameof");
                    return value != null;
                }
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                {
                    if (expression is MemberAccessExpressionSyntax dsl && dsl.Name is IdentifierNameSyntax idName && IsSpelled(dsl.Expression, "BuiltInTemplates", "WorkflowDsl.Templates")
                        && DslApi.BuiltInTemplateIds.TryGetValue(idName.Identifier.ValueText, out var builtIn))
                    {
                        scope?.Reliances?.Add(RelianceKind.Type, dsl.Expression, "WorkflowDsl.Templates.BuiltInTemplates");
                        value = builtIn;
                        return true;
                    }
                    if (!FindConst(expression, scope, IsStringType, out var initializer, out var initializerScope) || !TryString(initializer!, initializerScope, out value)) return false;
                    scope?.Reliances?.Add(RelianceKind.Const, expression, "System.String", value);
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>A string as the workflow reader reads it, in <paramref name="type"/> (the template
        /// parser's syntax reading), recording the names it relies on.</summary>
        internal static bool TryString(ExpressionSyntax expression, TypeDeclarationSyntax type, Reliances reliances, out string? value) =>
            TryString(expression, new ConstScope(type, 0, reliances), out value);

        /// <summary>An int literal, with unary minus or plus, or a const int.</summary>
        private static bool TryInt(ExpressionSyntax expression, ConstScope? scope, out int value)
        {
            value = 0;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TryInt(parenthesized.Expression, scope, out value);
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is int number:
                    value = number;
                    return true;
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    if (!TryInt(unary.Operand, scope, out int operand)) return false;
                    if (unary.IsKind(SyntaxKind.UnaryMinusExpression))
                    {
                        if (operand == int.MinValue) return false;
                        operand = -operand;
                    }
                    value = operand;
                    return true;
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                    if (!FindConst(expression, scope, IsIntType, out var initializer, out var initializerScope) || !TryInt(initializer!, initializerScope, out value)) return false;
                    scope?.Reliances?.Add(RelianceKind.Const, expression, "System.Int32", value);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>Enum.Member</c> (the enum optionally qualified with WorkflowDsl / global::WorkflowDsl), or <c>|</c> of such.</summary>
        private static bool TryEnum(ExpressionSyntax expression, ConstScope? scope, string enumName, IReadOnlyDictionary<string, int> members, out int value)
        {
            value = 0;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TryEnum(parenthesized.Expression, scope, enumName, members, out value);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.BitwiseOrExpression):
                    if (!TryEnum(binary.Left, scope, enumName, members, out int left) || !TryEnum(binary.Right, scope, enumName, members, out int right)) return false;
                    value = left | right;
                    return true;
                case MemberAccessExpressionSyntax member when member.IsKind(SyntaxKind.SimpleMemberAccessExpression) && member.Name is IdentifierNameSyntax name
                    && IsSpelled(member.Expression, enumName, "WorkflowDsl"):
                    scope?.Reliances?.Add(RelianceKind.Type, member.Expression, DslTypes.Enum(enumName));
                    return members.TryGetValue(name.Identifier.ValueText, out value);
                case IdentifierNameSyntax _:
                case MemberAccessExpressionSyntax _:
                    if (!FindConst(expression, scope, type => IsSpelled(type, enumName, "WorkflowDsl"), out var initializer, out var initializerScope)
                        || !TryEnum(initializer!, initializerScope, enumName, members, out value)) return false;
                    scope?.Reliances?.Add(RelianceKind.Const, expression, DslTypes.Enum(enumName), value);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>30.Days()</c> (Minutes, Hours, Weeks), <c>Durations.Days(30)</c>, <c>TimeSpan.FromDays(30)</c>
        /// (FromMinutes, FromHours), with an int literal (or const int) or a double literal (<c>1.5.Days()</c>).</summary>
        private static bool TryDuration(ExpressionSyntax expression, ConstScope? scope, out Duration? duration)
        {
            duration = null;
            if (!(ParserSupport.Unparenthesize(expression) is InvocationExpressionSyntax invocation) || !(ParserSupport.SimpleMember(invocation) is MemberAccessExpressionSyntax member)) return false;
            var arguments = invocation.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameColon != null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)) return false;
            }
            string name = member.Name.Identifier.ValueText;
            long? unit;
            ExpressionSyntax count;
            // What the reading relies on (recorded for the analyzer only, without allocating for the generator).
            RelianceKind reliedKind;
            SyntaxNode reliedNode;
            string reliedName;
            if (arguments.Count == 0)
            {
                // N.Days(): the extension method on an int literal.
                unit = DurationsUnit(name);
                count = member.Expression;
                (reliedKind, reliedNode, reliedName) = (RelianceKind.DurationExtension, invocation, name);
            }
            else if (arguments.Count == 1 && IsSpelled(member.Expression, "Durations", "WorkflowDsl"))
            {
                unit = DurationsUnit(name);
                count = arguments[0].Expression;
                (reliedKind, reliedNode, reliedName) = (RelianceKind.Type, member.Expression, DslTypes.Durations);
            }
            else if (arguments.Count == 1 && IsSpelled(member.Expression, "TimeSpan", "System"))
            {
                unit = name == "FromMinutes" ? TimeSpan.TicksPerMinute : name == "FromHours" ? TimeSpan.TicksPerHour : name == "FromDays" ? TimeSpan.TicksPerDay : (long?)null;
                count = arguments[0].Expression;
                (reliedKind, reliedNode, reliedName) = (RelianceKind.Type, member.Expression, DslTypes.TimeSpan);
            }
            else
            {
                return false;
            }
            if (unit == null) return false;
            long ticks;
            bool outOfRange;
            if (TryInt(count, scope, out int number))
            {
                scope?.Reliances?.Add(reliedKind, reliedNode, reliedName, reliedKind == RelianceKind.DurationExtension ? Reliances.WholeCount : null);
                ticks = ParserSupport.DurationTicks(number, unit.Value, out outOfRange);
            }
            else if (TryFraction(count, out double fraction))
            {
                // 1.5.Days(), Durations.Days(1.5), TimeSpan.FromDays(1.5): the double overloads, computed as .NET computes them.
                scope?.Reliances?.Add(reliedKind, reliedNode, reliedName, reliedKind == RelianceKind.DurationExtension ? Reliances.FractionalCount : null);
                ticks = WorkflowDsl.Rules.StepCatalog.FractionalTicks(fraction, unit.Value, out outOfRange);
            }
            else
            {
                return false;
            }
            duration = new Duration(ticks, outOfRange);
            return true;
        }

        /// <summary>A double literal (<c>1.5</c>, <c>2e1</c>, <c>1.5d</c>), with unary minus or plus.</summary>
        private static bool TryFraction(ExpressionSyntax expression, out double value)
        {
            value = 0;
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TryFraction(parenthesized.Expression, out value);
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) && literal.Token.Value is double number:
                    value = number;
                    return true;
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    if (!TryFraction(unary.Operand, out double operand)) return false;
                    value = unary.IsKind(SyntaxKind.UnaryMinusExpression) ? -operand : operand;
                    return true;
                default:
                    return false;
            }
        }

        private static long? DurationsUnit(string name)
        {
            switch (name)
            {
                case "Minutes": return TimeSpan.TicksPerMinute;
                case "Hours": return TimeSpan.TicksPerHour;
                case "Days": return TimeSpan.TicksPerDay;
                case "Weeks": return 7 * TimeSpan.TicksPerDay;
                default: return null;
            }
        }

        // ---------------------------------------------------------------- consts

        /// <summary>Where a name is looked up: the type whose members are in scope (the workflow class, a
        /// template's class, or the class of a const whose initializer is read), and how deep in const
        /// initializers the reader is.</summary>
        private sealed class ConstScope
        {
            public ConstScope(TypeDeclarationSyntax type, int depth, Reliances? reliances = null)
            {
                Type = type;
                Depth = depth;
                Reliances = reliances;
            }

            public TypeDeclarationSyntax Type { get; }
            public int Depth { get; }

            /// <summary>Where the reading records the names it relied on (the analyzer's reading, in
            /// Define() itself; a const's initializer is checked by the const's value).</summary>
            public Reliances? Reliances { get; }
        }

        private static bool IsStringType(TypeSyntax type) => type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.StringKeyword);

        private static bool IsIntType(TypeSyntax type) => type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.IntKeyword);

        /// <summary>A const declared in this syntax tree that <paramref name="expression"/> names: <c>X</c>
        /// (a const of the scope's type or a type around it) or <c>T.X</c> (a const of the only type named
        /// T in the tree, or nested in the scope's types), whose declared type
        /// <paramref name="typeMatches"/>. False when anything else could be meant (another member named X,
        /// several types named T, a const in another file): the reader is then not sure. The analyzer
        /// checks that the compiler binds the same const.</summary>
        private static bool FindConst(ExpressionSyntax expression, ConstScope? scope, Func<TypeSyntax, bool> typeMatches, out ExpressionSyntax? initializer, out ConstScope? initializerScope)
        {
            initializer = null;
            initializerScope = null;
            if (scope == null || scope.Depth > 8) return false;
            if (expression is IdentifierNameSyntax identifier)
            {
                string name = identifier.Identifier.ValueText;
                for (SyntaxNode? node = scope.Type; node is TypeDeclarationSyntax type; node = node.Parent)
                {
                    var found = ConstIn(type, name, typeMatches, out initializer, out bool other);
                    if (other) return false;
                    if (found)
                    {
                        initializerScope = new ConstScope(type, scope.Depth + 1);
                        return true;
                    }
                }
                return false;
            }
            if (expression is MemberAccessExpressionSyntax member && member.IsKind(SyntaxKind.SimpleMemberAccessExpression) && member.Name is IdentifierNameSyntax memberName
                && member.Expression is IdentifierNameSyntax typeName)
            {
                var type = FindType(scope.Type, typeName.Identifier.ValueText);
                if (type == null || !ConstIn(type, memberName.Identifier.ValueText, typeMatches, out initializer, out _)) return false;
                initializerScope = new ConstScope(type, scope.Depth + 1);
                return true;
            }
            return false;
        }

        /// <summary>True when <paramref name="type"/> declares the const <paramref name="name"/> with a
        /// matching type; <paramref name="other"/> when it declares something else of that name.</summary>
        private static bool ConstIn(TypeDeclarationSyntax type, string name, Func<TypeSyntax, bool> typeMatches, out ExpressionSyntax? initializer, out bool other)
        {
            initializer = null;
            other = false;
            bool found = false;
            if (type.Identifier.ValueText == name) { other = true; return false; }
            foreach (var member in type.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Identifier.ValueText != name) continue;
                            if (found || !field.Modifiers.Any(SyntaxKind.ConstKeyword) || !typeMatches(field.Declaration.Type) || variable.Initializer == null) { other = true; return false; }
                            found = true;
                            initializer = variable.Initializer.Value;
                        }
                        break;
                    default:
                        if (Declares(member, name)) { other = true; return false; }
                        break;
                }
            }
            return found;
        }

        /// <summary>True when the member (not a field) declares <paramref name="name"/>, or may (an incomplete member).</summary>
        private static bool Declares(MemberDeclarationSyntax member, string name)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method: return method.Identifier.ValueText == name;
                case PropertyDeclarationSyntax property: return property.Identifier.ValueText == name;
                case BaseTypeDeclarationSyntax nested: return nested.Identifier.ValueText == name;
                case EventDeclarationSyntax @event: return @event.Identifier.ValueText == name;
                case DelegateDeclarationSyntax @delegate: return @delegate.Identifier.ValueText == name;
                case EventFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Identifier.ValueText == name) return true;
                    }
                    return false;
                case IncompleteMemberSyntax _: return true;
                default: return false;
            }
        }

        /// <summary>The type named <paramref name="name"/>: nested in the scope's types (innermost first),
        /// else the only type of that name declared in the tree outside them; null when not found or not the only one.</summary>
        private static TypeDeclarationSyntax? FindType(TypeDeclarationSyntax scope, string name)
        {
            for (SyntaxNode? node = scope; node is TypeDeclarationSyntax type; node = node.Parent)
            {
                if (type.Identifier.ValueText == name && type.TypeParameterList == null) return type;
                TypeDeclarationSyntax? nestedFound = null;
                foreach (var member in type.Members)
                {
                    if (!(member is BaseTypeDeclarationSyntax nested) || nested.Identifier.ValueText != name) continue;
                    if (nestedFound != null || !(member is TypeDeclarationSyntax nestedType)) return null;
                    nestedFound = nestedType;
                }
                if (nestedFound != null) return nestedFound.TypeParameterList == null ? nestedFound : null;
            }
            TypeDeclarationSyntax? found = null;
            foreach (var node in scope.SyntaxTree.GetRoot().DescendantNodes(DescendIntoDeclarations))
            {
                if (!(node is BaseTypeDeclarationSyntax type) || type.Identifier.ValueText != name) continue;
                if (found != null || !(node is TypeDeclarationSyntax candidate) || candidate.TypeParameterList != null) return null;
                found = candidate;
            }
            return found;
        }

        // ---------------------------------------------------------------- spelling

        /// <summary>True when the expression or type is spelled <c>Name</c>, <c>Ns.Name</c> or
        /// <c>global::Ns.Name</c> (Ns possibly dotted).</summary>
        internal static bool IsSpelled(SyntaxNode node, string name, string ns)
        {
            switch (node)
            {
                case IdentifierNameSyntax identifier:
                    return identifier.Identifier.ValueText == name;
                case QualifiedNameSyntax qualified:
                    return qualified.Right is IdentifierNameSyntax right && right.Identifier.ValueText == name && IsNamespace(qualified.Left, ns);
                case MemberAccessExpressionSyntax member when member.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    return member.Name is IdentifierNameSyntax last && last.Identifier.ValueText == name && IsNamespace(member.Expression, ns);
                default:
                    return false;
            }
        }

        /// <summary>True when the node spells the namespace, optionally with <c>global::</c>.</summary>
        private static bool IsNamespace(SyntaxNode node, string ns)
        {
            int dot = ns.LastIndexOf('.');
            string last = dot < 0 ? ns : ns.Substring(dot + 1);
            string? outer = dot < 0 ? null : ns.Substring(0, dot);
            switch (node)
            {
                case IdentifierNameSyntax identifier:
                    return outer == null && identifier.Identifier.ValueText == last;
                case AliasQualifiedNameSyntax alias:
                    return outer == null && alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) && alias.Name is IdentifierNameSyntax n && n.Identifier.ValueText == last;
                case QualifiedNameSyntax qualified:
                    return outer != null && qualified.Right is IdentifierNameSyntax right && right.Identifier.ValueText == last && IsNamespace(qualified.Left, outer);
                case MemberAccessExpressionSyntax member when member.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    return outer != null && member.Name is IdentifierNameSyntax name && name.Identifier.ValueText == last && IsNamespace(member.Expression, outer);
                default:
                    return false;
            }
        }

        private static AttributeSyntax? FindAttribute(SyntaxList<AttributeListSyntax> lists, string[] spellings)
        {
            foreach (var list in lists)
            {
                if (list.Target != null && !list.Target.Identifier.IsKind(SyntaxKind.TypeKeyword) && !list.Target.Identifier.IsKind(SyntaxKind.MethodKeyword)) continue;
                foreach (var attribute in list.Attributes)
                {
                    string spelled = Spelling(attribute.Name);
                    foreach (var spelling in spellings)
                    {
                        if (spelled == spelling) return attribute;
                    }
                }
            }
            return null;
        }

        private static string Spelling(NameSyntax name)
        {
            switch (name)
            {
                case IdentifierNameSyntax identifier: return identifier.Identifier.ValueText;
                case QualifiedNameSyntax qualified: return Spelling(qualified.Left) + "." + Spelling(qualified.Right);
                case AliasQualifiedNameSyntax alias: return alias.Alias.Identifier.ValueText + "::" + Spelling(alias.Name);
                default: return "";
            }
        }

        private static ExpressionSyntax? SingleArgument(AttributeSyntax attribute)
        {
            var arguments = attribute.ArgumentList?.Arguments;
            if (arguments == null || arguments.Value.Count != 1) return null;
            var argument = arguments.Value[0];
            return argument.NameEquals != null || argument.Expression.IsMissing ? null : argument.Expression;
        }

        private static string Shorten(SyntaxNode node)
        {
            string text = node.ToString().Replace("\r", " ").Replace("\n", " ");
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
