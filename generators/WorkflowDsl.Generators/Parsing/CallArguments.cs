using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The arguments of one DSL call, by parameter name, as the binding parsers read them
    /// (<see cref="OperationArguments"/>, from the call's <see cref="IInvocationOperation"/>).</summary>
    internal abstract class CallArguments
    {
        /// <summary>The argument for the parameter, or null when the call has no such parameter.</summary>
        public abstract ArgumentValue? Get(string parameterName);
    }

    /// <summary>One argument's value as the parser reads it.</summary>
    internal abstract class ArgumentValue
    {
        /// <summary>The argument's expression as written, or null when the argument was omitted
        /// (the parameter's default value, or the elements of a params parameter).</summary>
        public abstract SyntaxNode? Written { get; }

        /// <summary>The value's expression as written (null when the lookup reader read an omitted argument).</summary>
        public abstract SyntaxNode? ValueSyntax { get; }

        /// <summary>True when the value has compile errors (the compiler reports them).</summary>
        public abstract bool IsInvalid { get; }

        /// <summary>The parameter's type.</summary>
        public abstract ITypeSymbol ParameterType { get; }

        /// <summary>Where a diagnostic about this value goes: the argument expression as written, or for
        /// an omitted argument the call's method name.</summary>
        public abstract Location Location(InvocationExpressionSyntax call);

        /// <summary>Where a diagnostic about one element of a params argument goes.</summary>
        public abstract Location ElementLocation { get; }

        public abstract bool TryString(out string? text);

        public abstract bool TryInteger(out long number);

        /// <summary>See <see cref="ParserSupport.TryDuration"/>.</summary>
        public abstract bool TryDuration(out long ticks, out bool outOfRange);

        /// <summary>The elements of a params argument (or an array written in place); null when the
        /// argument is an array from elsewhere.</summary>
        public abstract IReadOnlyList<ArgumentValue>? Elements();
    }

    /// <summary>Arguments read from the bound call (the binding reader).</summary>
    internal sealed class OperationArguments : CallArguments
    {
        private readonly IInvocationOperation _operation;

        public OperationArguments(IInvocationOperation operation) => _operation = operation;

        public override ArgumentValue? Get(string parameterName)
        {
            var argument = ParserSupport.Argument(_operation, parameterName);
            return argument == null ? null : new OperationValue(argument.Value, argument);
        }

        private sealed class OperationValue : ArgumentValue
        {
            private readonly IOperation _value;
            private readonly IArgumentOperation? _argument;

            public OperationValue(IOperation value, IArgumentOperation? argument)
            {
                _value = value;
                _argument = argument;
            }

            public override SyntaxNode? Written => ParserSupport.WrittenArgument(_argument);
            public override SyntaxNode? ValueSyntax => _value.Syntax;
            public override bool IsInvalid => ParserSupport.IsInvalid(_value);
            public override ITypeSymbol ParameterType => _argument?.Parameter?.Type ?? _value.Type!;
            public override Location Location(InvocationExpressionSyntax call) => ParserSupport.ValueLocation(_value, call);
            public override Location ElementLocation => _value.Syntax.GetLocation();
            public override bool TryString(out string? text) => ParserSupport.TryString(_value, out text);
            public override bool TryInteger(out long number) => ParserSupport.TryInteger(_value, out number);
            public override bool TryDuration(out long ticks, out bool outOfRange) => ParserSupport.TryDuration(_value, out ticks, out outOfRange);

            public override IReadOnlyList<ArgumentValue>? Elements()
            {
                if (_argument == null) return null;
                var elements = ParserSupport.ParamsElements(_argument);
                if (elements == null) return null;
                var result = new List<ArgumentValue>(elements.Count);
                foreach (var element in elements) result.Add(new OperationValue(element, null));
                return result;
            }
        }
    }
}
