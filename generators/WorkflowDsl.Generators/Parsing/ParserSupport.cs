using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>What <see cref="ParserSupport.CollectChain"/> found.</summary>
    internal enum ChainOutcome
    {
        /// <summary>The whole chain was read.</summary>
        Read,
        /// <summary>The code is still being typed (missing or unbound parts): no diagnostic, no model.</summary>
        Incomplete,
        /// <summary>Something the parsers cannot follow.</summary>
        Unsupported,
    }

    /// <summary>Syntax and operation helpers shared by the parsers.</summary>
    internal static class ParserSupport
    {
        /// <summary>The model's steps: each shape with its key derived by the rules (explicit keys kept).</summary>
        public static EquatableArray<StepModel> StepModels(IReadOnlyList<WorkflowDsl.Rules.StepShape> shapes)
        {
            var keys = WorkflowDsl.Rules.DefinitionRules.DeriveKeys(shapes);
            var steps = new List<StepModel>(shapes.Count);
            for (int i = 0; i < shapes.Count; i++)
            {
                var s = shapes[i];
                steps.Add(new StepModel((int)s.Kind, keys[i], (int)s.Recipient, (int)s.Channels, s.TemplateId, s.DurationTicks, s.Times));
            }
            return steps.ToEquatableArray();
        }

        /// <summary>The calls of a fluent chain read from syntax alone, first call first (<c>Root.A(...).B(...)</c>
        /// gives A, B), and its root (<c>Root</c>); null when an element of the chain is not a call of a
        /// simple member name, with that element in <paramref name="notACall"/>. Both syntax-first readers
        /// (<see cref="SyntaxReader"/>) walk chains with it.</summary>
        public static ExpressionSyntax? WalkCallChain(ExpressionSyntax body, List<InvocationExpressionSyntax> invocations, out ExpressionSyntax? notACall, System.Threading.CancellationToken cancellationToken)
        {
            notACall = null;
            ExpressionSyntax current = body;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = Unparenthesize(current);
                if (!(current is InvocationExpressionSyntax invocation) || !(SimpleMember(invocation) is MemberAccessExpressionSyntax member))
                {
                    notACall = current;
                    return null;
                }
                invocations.Add(invocation);
                var receiver = Unparenthesize(member.Expression);
                if (receiver is InvocationExpressionSyntax)
                {
                    current = receiver;
                    continue;
                }
                invocations.Reverse();
                return receiver;
            }
        }

        /// <summary>The <c>x.Name</c> a call is made on, when the name is a simple identifier; otherwise null.</summary>
        public static MemberAccessExpressionSyntax? SimpleMember(InvocationExpressionSyntax invocation) =>
            invocation.Expression is MemberAccessExpressionSyntax member && member.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleMemberAccessExpression) && member.Name is IdentifierNameSyntax
                ? member
                : null;

        public static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
            return expression;
        }

        /// <summary>The expression a method returns when its body is an expression or a block with a
        /// single <c>return</c>; otherwise null, with <paramref name="offending"/> set to the first
        /// statement of a block that is not a single return (null when the body is only incomplete).</summary>
        public static ExpressionSyntax? SingleReturnExpression(BaseMethodDeclarationSyntax method, out SyntaxNode? offending)
        {
            offending = null;
            var arrow = method is MethodDeclarationSyntax m ? m.ExpressionBody : method.ExpressionBody;
            if (arrow != null) return arrow.Expression;
            if (method.Body == null) return null;
            if (method.Body.Statements.Count == 1 && method.Body.Statements[0] is ReturnStatementSyntax returnStatement) return returnStatement.Expression;
            offending = method.Body.Statements.Count > 0 ? (SyntaxNode)method.Body.Statements[0] : method.Body;
            return null;
        }

        /// <summary>Walks a fluent chain from its outermost call back to the static call that starts it
        /// (a method of <paramref name="startType"/>), through instance calls on
        /// <paramref name="builderType"/> that <paramref name="acceptCall"/> allows. Methods are
        /// recognised by their symbols. On success <paramref name="calls"/> holds the calls in source
        /// order. <see cref="ChainOutcome.Unsupported"/> sets <paramref name="unsupported"/> to the
        /// expression that is not a call, or the call that is not part of the chain.</summary>
        public static ChainOutcome CollectChain(SemanticModel model, ExpressionSyntax body, string startType, string builderType, Func<IMethodSymbol, bool> acceptCall,
            List<(InvocationExpressionSyntax Syntax, IMethodSymbol Method)> calls, out SyntaxNode? unsupported, out IMethodSymbol? unsupportedMethod, System.Threading.CancellationToken cancellationToken)
        {
            unsupported = null;
            unsupportedMethod = null;
            ExpressionSyntax current = body;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = Unparenthesize(current);
                if (!(current is InvocationExpressionSyntax invocation))
                {
                    if (current.IsMissing || model.GetTypeInfo(current, cancellationToken).Type?.TypeKind == TypeKind.Error) return ChainOutcome.Incomplete;
                    unsupported = current;
                    return ChainOutcome.Unsupported;
                }
                var method = Method(model, invocation, cancellationToken);
                if (method == null) return ChainOutcome.Incomplete;
                if (method.IsStatic && DslTypes.Is(method.ContainingType, startType))
                {
                    calls.Add((invocation, method));
                    calls.Reverse();
                    return ChainOutcome.Read;
                }
                if (!method.IsStatic && DslTypes.Is(method.ContainingType, builderType) && invocation.Expression is MemberAccessExpressionSyntax member && acceptCall(method))
                {
                    calls.Add((invocation, method));
                    current = member.Expression;
                    continue;
                }
                unsupported = invocation;
                unsupportedMethod = method;
                return ChainOutcome.Unsupported;
            }
        }

        /// <summary>The span every step diagnostic uses: from the method name to the closing
        /// parenthesis of the argument list (<c>Wait(0.Days())</c>), without the receiver.</summary>
        public static Location CallLocation(InvocationExpressionSyntax invocation)
        {
            SyntaxNode start = invocation.Expression is MemberAccessExpressionSyntax member ? (SyntaxNode)member.Name : invocation.Expression;
            return Location.Create(invocation.SyntaxTree, TextSpan.FromBounds(start.SpanStart, invocation.Span.End));
        }

        /// <summary>The method name of a call, where a diagnostic about an omitted argument goes.</summary>
        public static Location NameLocation(InvocationExpressionSyntax invocation)
        {
            SyntaxNode name = invocation.Expression is MemberAccessExpressionSyntax member ? (SyntaxNode)member.Name : invocation.Expression;
            return name.GetLocation();
        }

        /// <summary>The method a call binds to, or null when it does not bind (the compiler reports that).</summary>
        public static IMethodSymbol? Method(SemanticModel model, InvocationExpressionSyntax invocation, System.Threading.CancellationToken cancellationToken) =>
            model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;

        public static IArgumentOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter != null && argument.Parameter.Name == parameterName) return argument;
            }
            return null;
        }

        /// <summary>The argument's expression as written, or null when the argument was omitted.</summary>
        public static SyntaxNode? WrittenArgument(IArgumentOperation? argument) =>
            argument != null && argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax syntax ? syntax.Expression : null;

        public static IOperation SkipConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion && !conversion.ConstantValue.HasValue) operation = conversion.Operand;
            return operation;
        }

        /// <summary>True when the value has compile errors (the compiler reports them, so do the parsers not).</summary>
        public static bool IsInvalid(IOperation? operation)
        {
            if (operation == null) return true;
            if (operation.Kind == OperationKind.Invalid) return true;
            foreach (var child in operation.ChildOperations)
            {
                if (IsInvalid(child)) return true;
            }
            return false;
        }

        public static bool TryString(IOperation value, out string? text)
        {
            text = null;
            if (!value.ConstantValue.HasValue) return false;
            if (value.ConstantValue.Value == null) return true;
            text = value.ConstantValue.Value as string;
            return text != null;
        }

        public static bool TryInteger(IOperation value, out long number)
        {
            number = 0;
            if (!value.ConstantValue.HasValue) return false;
            switch (value.ConstantValue.Value)
            {
                case int i: number = i; return true;
                case long l: number = l; return true;
                case short s: number = s; return true;
                case byte b: number = b; return true;
                case sbyte sb: number = sb; return true;
                case ushort us: number = us; return true;
                case uint ui: number = ui; return true;
                default: return false;
            }
        }

        public const string DurationForms = "N.Minutes(), N.Hours(), N.Days() or N.Weeks() with a constant integer N, or TimeSpan.FromMinutes/FromHours/FromDays(constant)";

        /// <summary>Reads a duration written as <c>30.Days()</c> (or Minutes/Hours/Weeks, also called as
        /// <c>Durations.Days(30)</c>) or <c>TimeSpan.FromDays(30)</c> (or FromMinutes/FromHours) with a
        /// constant, whole (int) or fractional (double, as in <c>1.5.Days()</c>).
        /// <paramref name="outOfRange"/> is set when the value does not fit a TimeSpan.</summary>
        public static bool TryDuration(IOperation value, out long ticks, out bool outOfRange)
        {
            ticks = 0;
            outOfRange = false;
            if (!(SkipConversions(value) is IInvocationOperation call) || call.Arguments.Length == 0) return false;
            var method = call.TargetMethod;
            if (!(DurationUnit(method) is long unit)) return false;
            if (DslTypes.Is(method.ContainingType, DslTypes.TimeSpan))
            {
                for (int i = 1; i < call.Arguments.Length; i++)
                {
                    if (call.Arguments[i].ArgumentKind == ArgumentKind.Explicit) return false;
                }
            }
            var countValue = call.Arguments[0].Value;
            if (TryInteger(countValue, out long count))
            {
                ticks = DurationTicks(count, unit, out outOfRange);
                return true;
            }
            if (TryFraction(countValue, out double fraction))
            {
                // The double overloads (1.5.Days(), TimeSpan.FromDays(1.5)), computed as .NET computes them.
                ticks = WorkflowDsl.Rules.StepCatalog.FractionalTicks(fraction, unit, out outOfRange);
                return true;
            }
            return false;
        }

        /// <summary>A constant double (or float) value.</summary>
        public static bool TryFraction(IOperation value, out double number)
        {
            number = 0;
            if (!value.ConstantValue.HasValue) return false;
            switch (value.ConstantValue.Value)
            {
                case double d: number = d; return true;
                case float f: number = f; return true;
                default: return false;
            }
        }

        /// <summary>The ticks in one unit of a duration method: Durations.Minutes/Hours/Days/Weeks (as
        /// <c>30.Days()</c> or <c>Durations.Days(30)</c>) or static TimeSpan.FromMinutes/FromHours/FromDays;
        /// null for any other method.</summary>
        public static long? DurationUnit(IMethodSymbol method)
        {
            if (DslTypes.Is(method.ContainingType, DslTypes.Durations))
            {
                switch (method.Name)
                {
                    case "Minutes": return System.TimeSpan.TicksPerMinute;
                    case "Hours": return System.TimeSpan.TicksPerHour;
                    case "Days": return System.TimeSpan.TicksPerDay;
                    case "Weeks": return 7 * System.TimeSpan.TicksPerDay;
                    default: return null;
                }
            }
            if (DslTypes.Is(method.ContainingType, DslTypes.TimeSpan) && method.IsStatic)
            {
                switch (method.Name)
                {
                    case "FromMinutes": return System.TimeSpan.TicksPerMinute;
                    case "FromHours": return System.TimeSpan.TicksPerHour;
                    case "FromDays": return System.TimeSpan.TicksPerDay;
                    default: return null;
                }
            }
            return null;
        }

        /// <summary><paramref name="count"/> units in ticks; <paramref name="outOfRange"/> when that does not fit a TimeSpan.</summary>
        public static long DurationTicks(long count, long unit, out bool outOfRange)
        {
            outOfRange = false;
            try
            {
                long ticks = checked(count * unit);
                if (ticks > System.TimeSpan.MaxValue.Ticks || ticks < System.TimeSpan.MinValue.Ticks) outOfRange = true;
                return ticks;
            }
            catch (OverflowException)
            {
                outOfRange = true;
                return 0;
            }
        }

        /// <summary>The elements of a params argument (or of an array written in place), with their
        /// operations; null when the argument is an array from elsewhere.</summary>
        public static List<IOperation>? ParamsElements(IArgumentOperation argument)
        {
            var value = SkipConversions(argument.Value);
            if (value is IArrayCreationOperation array)
            {
                var result = new List<IOperation>();
                if (array.Initializer != null) result.AddRange(array.Initializer.ElementValues);
                return result;
            }
            return null;
        }

        /// <summary>The node to report at for an argument value: what was written, or for an omitted
        /// argument the call's method name.</summary>
        public static Location ValueLocation(IOperation value, InvocationExpressionSyntax call)
        {
            // The whole argument expression as written (null! rather than null), not a part of it.
            for (SyntaxNode? node = value.Syntax; node != null && node != call; node = node.Parent)
            {
                if (node is ArgumentSyntax argument && argument.Parent == call.ArgumentList) return argument.Expression.GetLocation();
            }
            return NameLocation(call);
        }
    }
}
