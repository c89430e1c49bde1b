using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using WorkflowDsl.Rules;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The texts of one channel of one language of a template.</summary>
    internal sealed class TemplateChannelText
    {
        public TemplateChannelText(string language, int channel, string text)
        {
            Language = language;
            Channel = channel;
            Text = text;
        }

        public string Language { get; }
        /// <summary>Channel flag: 1 email, 2 push, 4 SMS.</summary>
        public int Channel { get; }
        /// <summary>All the channel's texts joined (subject and body, title and body).</summary>
        public string Text { get; }
    }

    /// <summary>One text argument of a template: its language, channel part, text and where it is written.</summary>
    internal sealed class TemplatePartText
    {
        public TemplatePartText(string language, string part, string text, SyntaxNode? syntax, Location location)
        {
            Language = language;
            Part = part;
            Text = text;
            Syntax = syntax;
            Location = location;
        }

        public string Language { get; }
        /// <summary>"email subject", "email body", "push title", "push body" or "SMS text".</summary>
        public string Part { get; }
        public string Text { get; }
        /// <summary>The value's syntax (a literal maps text offsets to source).</summary>
        public SyntaxNode? Syntax { get; }
        /// <summary>The argument.</summary>
        public Location Location { get; }
    }

    /// <summary>Where a template error is reported and how it is worded.</summary>
    internal static class TemplateText
    {
        /// <summary>The span of text[offset, offset+length) in a plain "..." literal without escapes (offsets map
        /// one to one to source), else the whole argument.</summary>
        public static Location Locate(SyntaxNode? syntax, Location argument, string text, int offset, int length)
        {
            if (syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                && literal.Token.Text.Length == text.Length + 2 && literal.Token.Text[0] == '"' && literal.Token.Text.IndexOf('\\') < 0)
                return Location.Create(literal.SyntaxTree, new TextSpan(literal.SpanStart + 1 + offset, length));
            return argument;
        }

        /// <summary>"Template 'id' (en, email body) line 1:7: message".</summary>
        public static string Describe(string? id, string language, string part, TemplateError error) =>
            "Template '" + (id ?? "?") + "' (" + language + ", " + part + ") line " + error.Line + ":" + error.Column + ": " + error.Message;
    }

    /// <summary>The parse result plus what only the analyzer needs: the template's id and texts.</summary>
    internal sealed class TemplateAnalysis
    {
        public TemplateAnalysis(ParseResult<TemplateModel> result, string? id, Location? idLocation, IReadOnlyList<TemplateChannelText> texts)
        {
            Result = result;
            Id = id;
            IdLocation = idLocation;
            Texts = texts;
        }

        public ParseResult<TemplateModel> Result { get; }
        /// <summary>True when the calls and texts were read from syntax (the names relied on bound), false when by binding.</summary>
        public bool ReadBySyntaxReader { get; set; }
        public string? Id { get; }
        /// <summary>Where the id is written (the attribute argument), for compilation-wide checks.</summary>
        public Location? IdLocation { get; }
        public IReadOnlyList<TemplateChannelText> Texts { get; }
        /// <summary>Every text argument with its part and place, for the compilation-wide audience check.</summary>
        public IReadOnlyList<TemplatePartText> Parts { get; set; } = new TemplatePartText[0];
    }
}
