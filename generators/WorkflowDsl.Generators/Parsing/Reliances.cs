using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>What the syntax reader took for the DSL's by its spelling.</summary>
    internal enum RelianceKind
    {
        /// <summary>A type name in an expression (<c>Workflow</c>, <c>Channel</c>, <c>BuiltInTemplates</c>, ...): <see cref="Reliance.Name"/> is its metadata name.</summary>
        Type,
        /// <summary>Define()'s return type: WorkflowDsl.WorkflowDefinition.</summary>
        ReturnType,
        /// <summary><c>N.Days()</c>: the extension method of WorkflowDsl.Durations named <see cref="Reliance.Name"/>.</summary>
        DurationExtension,
        /// <summary>A const of the same file: a constant field of the value <see cref="Reliance.Value"/> and the type <see cref="Reliance.Name"/>.</summary>
        Const,
        /// <summary><c>nameof(X)</c>: the operator (no method named nameof in scope) of something that exists.</summary>
        Nameof,
        /// <summary>TargetGroup's argument: a lambda whose calls are TargetGroup's.</summary>
        TargetGroup,
    }

    /// <summary>One name or form the syntax reader relied on, at its node.</summary>
    internal sealed class Reliance
    {
        public Reliance(RelianceKind kind, SyntaxNode node, string name, object? value)
        {
            Kind = kind;
            Node = node;
            Name = name;
            Value = value;
        }

        public RelianceKind Kind { get; }
        public SyntaxNode Node { get; }
        public string Name { get; }
        public object? Value { get; }
    }

    /// <summary>The names one reading relied on; the same spelling is kept once (it binds the same
    /// everywhere in one Define()).</summary>
    internal sealed class Reliances
    {
        // Kind, name and, for a simple name, its text (no copy of the source); other nodes are kept each.
        private readonly HashSet<(RelianceKind, string, string?)> _simple = new HashSet<(RelianceKind, string, string?)>();

        public List<Reliance> All { get; } = new List<Reliance>();

        /// <summary>The value of a <see cref="RelianceKind.DurationExtension"/> on an int (<c>30.Days()</c>).</summary>
        public const string WholeCount = "int";

        /// <summary>The value of a <see cref="RelianceKind.DurationExtension"/> on a double (<c>1.5.Days()</c>),
        /// which binds to another overload, so it is checked apart from the int one.</summary>
        public const string FractionalCount = "double";

        public void Add(RelianceKind kind, SyntaxNode node, string name, object? value = null)
        {
            string? text = node is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier ? identifier.Identifier.ValueText
                : kind == RelianceKind.DurationExtension ? (value as string ?? WholeCount)
                : "";
            // N.Days() binds to the same method for any int N (and any double N); a simple name means the same thing everywhere in Define().
            if (kind == RelianceKind.TargetGroup || kind == RelianceKind.Nameof || (text != null && text.Length == 0) || _simple.Add((kind, name, text))) All.Add(new Reliance(kind, node, name, value));
        }
    }
}
