using System;
using System.Collections.Generic;
using System.Text;

namespace WorkflowDsl.Generators.Emit
{
    /// <summary>An indented text writer for generated C#: four spaces a level, "\n" line ends (so the
    /// output is the same on every OS).</summary>
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _text;
        private int _indent;

        /// <summary>A writer whose buffer starts with room for <paramref name="capacity"/> characters
        /// (a good guess saves the copies of a growing buffer on long files).</summary>
        public SourceWriter(int capacity = 1024)
        {
            _text = new StringBuilder(capacity);
        }

        /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
        public SourceWriter Line(string line = "")
        {
            if (line.Length > 0)
            {
                WriteIndent();
                _text.Append(line);
            }
            _text.Append('\n');
            return this;
        }

        /// <summary>Writes one line at the current indentation: <paramref name="before"/>, the C# string
        /// literal whose value is the concatenation of <paramref name="pieces"/> (each escaped as it is
        /// written, <see cref="CSharpLiteral.AppendEscaped"/>: no joined copy), then <paramref name="after"/>.</summary>
        public SourceWriter LineWithLiteral(string before, IEnumerable<string> pieces, string after)
        {
            WriteIndent();
            _text.Append(before).Append('"');
            foreach (var piece in pieces) CSharpLiteral.AppendEscaped(_text, piece);
            _text.Append('"').Append(after).Append('\n');
            return this;
        }

        private void WriteIndent()
        {
            for (int i = 0; i < _indent; i++) _text.Append(IndentUnit);
        }

        /// <summary>Writes "{" and indents.</summary>
        public SourceWriter Open(string brace = "{")
        {
            Line(brace);
            _indent++;
            return this;
        }

        /// <summary>Unindents and writes "}" (or the given closing text).</summary>
        public SourceWriter Close(string brace = "}")
        {
            _indent = Math.Max(0, _indent - 1);
            Line(brace);
            return this;
        }

        /// <summary>Indents the following lines one more level.</summary>
        public SourceWriter Indent()
        {
            _indent++;
            return this;
        }

        /// <summary>Indents the following lines one level less.</summary>
        public SourceWriter Unindent()
        {
            _indent = Math.Max(0, _indent - 1);
            return this;
        }

        /// <inheritdoc/>
        public override string ToString() => _text.ToString();
    }
}
