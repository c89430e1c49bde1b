using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WorkflowDsl.Rules
{
    /// <summary>The plain facts about a plan, without its target group (whose filters are expression
    /// trees that only the user's <c>Define()</c> can make): what the source generator encodes into the
    /// generated code and the run time decodes. Steps are <see cref="StepShape"/>s whose
    /// <see cref="StepShape.ExplicitKey"/> is the step's resolved key.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    sealed class PlanShape
    {
        /// <summary>Creates a plan description.</summary>
        public PlanShape(string id, string name, string description, IReadOnlyList<string> contents, IReadOnlyList<string> labels,
            string? owner, bool hasTargetGroup, IReadOnlyList<StepShape> steps, string? cron, string? timeZone)
        {
            Id = id;
            Name = name;
            Description = description;
            Contents = contents;
            Labels = labels;
            Owner = owner;
            HasTargetGroup = hasTargetGroup;
            Steps = steps;
            Cron = cron;
            TimeZone = cron == null ? null : timeZone ?? "";
        }

        /// <summary>The workflow's id.</summary>
        public string Id { get; }
        /// <summary>The display name.</summary>
        public string Name { get; }
        /// <summary>The description ("" when none).</summary>
        public string Description { get; }
        /// <summary>The content ids.</summary>
        public IReadOnlyList<string> Contents { get; }
        /// <summary>The permission labels.</summary>
        public IReadOnlyList<string> Labels { get; }
        /// <summary>The owner's id, or null.</summary>
        public string? Owner { get; }
        /// <summary>True when the definition calls <c>TargetGroup(...)</c>; false for the default target group.</summary>
        public bool HasTargetGroup { get; }
        /// <summary>The steps, keys resolved (in <see cref="StepShape.ExplicitKey"/>).</summary>
        public IReadOnlyList<StepShape> Steps { get; }
        /// <summary>The schedule's cron expression, or null when the workflow has no schedule.</summary>
        public string? Cron { get; }
        /// <summary>The schedule's time zone ("" when the schedule named none), or null when there is no schedule.</summary>
        public string? TimeZone { get; }
    }

    /// <summary>The compact text a generated workflow file holds its plan in (compiling one string
    /// constant costs far less than compiling the code that would build the plan). One place writes and
    /// reads it: the generator encodes, <c>PrecompiledPlan.Decode</c> decodes.</summary>
    /// <remarks>
    /// Format 1: the version character <c>1</c>, then fields, each preceded by <c>|</c>. In a field,
    /// <c>\|</c> is a literal "|" and <c>\\</c> a literal "\"; every other character stands for itself
    /// (so names may hold quotes, new lines or any Unicode). The fields, in order:
    /// id, name, description, owner, target group, schedule, then the time zone when there is a
    /// schedule, the contents count and contents, the labels count and labels, the steps count and per
    /// step its kind (<c>0</c> message, <c>1</c> delay, <c>2</c> delay and repeat), key and then
    /// recipient, channels, template id (message) or duration ticks (delay) or duration ticks, times
    /// (delay and repeat). Owner and schedule (the cron expression) are <c>-</c> when absent and
    /// <c>=</c> followed by the value when present; target group is <c>1</c> when the definition
    /// calls <c>TargetGroup(...)</c>, else <c>0</c>. Numbers are invariant-culture integers.
    /// Example: <c>1|hello|Hello|Says hello|-|0|-|1|C-1|0|1|0|invite|0|1|invitation</c>.
    /// </remarks>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class PlanEncoding
    {
        /// <summary>The format version this code writes and reads (the text's first character).</summary>
        public const char Version = '1';

        private const char Separator = '|';
        private const char Escape = '\\';
        private const string Absent = "-";
        private const char Present = '=';

        /// <summary>Encodes <paramref name="plan"/> (format <see cref="Version"/>).</summary>
        public static string Encode(PlanShape plan)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            var text = TextBuffers.Acquire(64 + plan.Steps.Count * 32);
            text.Append(Version);
            Field(text, plan.Id);
            Field(text, plan.Name);
            Field(text, plan.Description);
            Field(text, plan.Owner == null ? Absent : Present + plan.Owner);
            Field(text, plan.HasTargetGroup ? "1" : "0");
            Field(text, plan.Cron == null ? Absent : Present + plan.Cron);
            if (plan.Cron != null) Field(text, plan.TimeZone ?? "");
            List(text, plan.Contents);
            List(text, plan.Labels);
            Field(text, Number(plan.Steps.Count));
            foreach (var step in plan.Steps)
            {
                Field(text, Number((int)step.Kind));
                Field(text, step.ExplicitKey ?? "");
                switch (step.Kind)
                {
                    case StepKind.Message:
                        Field(text, Number((int)step.Recipient));
                        Field(text, Number((int)step.Channels));
                        Field(text, step.TemplateId ?? "");
                        break;
                    case StepKind.Delay:
                        Field(text, step.DurationTicks.ToString(CultureInfo.InvariantCulture));
                        break;
                    case StepKind.DelayAndRepeat:
                        Field(text, step.DurationTicks.ToString(CultureInfo.InvariantCulture));
                        Field(text, Number(step.Times));
                        break;
                    default:
                        throw new ArgumentException("Step '" + step.ExplicitKey + "' has kind " + (int)step.Kind + ", which the plan encoding does not know.", nameof(plan));
                }
            }
            return TextBuffers.Release(text);
        }

        /// <summary>Decodes a text <see cref="Encode"/> wrote.</summary>
        /// <exception cref="InvalidOperationException">The text is not in format <see cref="Version"/>, or is
        /// malformed; the message says what is wrong and to rebuild the project.</exception>
        public static PlanShape Decode(string? text)
        {
            if (text == null || text.Length == 0) throw Malformed(null, "the text is empty");
            if (text[0] != Version)
            {
                throw new InvalidOperationException(
                    "A generated workflow plan text is in format version '" + text[0] + "' (" + Excerpt(text) + "), but this WorkflowDsl " +
                    "version reads format version '" + Version + "' only: the code was generated by a different WorkflowDsl version. " +
                    Rebuild);
            }
            var reader = new FieldReader(text);
            string id = reader.Text("id");
            reader.WorkflowId = id;
            string name = reader.Text("name");
            string description = reader.Text("description");
            string? owner = reader.Optional("owner");
            bool hasTargetGroup = reader.Flag("target group");
            string? cron = reader.Optional("schedule");
            string? timeZone = cron == null ? null : reader.Text("time zone");
            var contents = reader.List("contents");
            var labels = reader.List("labels");
            int stepCount = reader.Count("steps");
            var steps = new List<StepShape>(stepCount);
            for (int i = 0; i < stepCount; i++)
            {
                string what = "step " + (i + 1);
                int kind = reader.Int(what + "'s kind");
                string key = reader.Text(what + "'s key");
                switch (kind)
                {
                    case (int)StepKind.Message:
                        var recipient = (Recipient)reader.Int(what + "'s recipient");
                        var channels = (Channel)reader.Int(what + "'s channels");
                        string template = reader.Text(what + "'s template id");
                        steps.Add(StepShape.Message("plan", key, recipient, channels, template));
                        break;
                    case (int)StepKind.Delay:
                        steps.Add(StepShape.Delay("plan", key, reader.Long(what + "'s duration")));
                        break;
                    case (int)StepKind.DelayAndRepeat:
                        long ticks = reader.Long(what + "'s duration");
                        steps.Add(StepShape.DelayAndRepeat("plan", key, ticks, reader.Int(what + "'s repeat count")));
                        break;
                    default:
                        throw reader.Error(what + "'s kind is " + kind + ", which is not 0 (message), 1 (delay) or 2 (delay and repeat)");
                }
            }
            reader.End();
            return new PlanShape(id, name, description, contents, labels, owner, hasTargetGroup, steps, cron, timeZone);
        }

        /// <summary>Joins the texts of several rows into one string (the generated plan table holds one
        /// string per file: one string literal costs the compiler far less than an array of them). Each
        /// row is its length, <c>:</c> and the text, or <c>-</c> for a null text.</summary>
        public static string PackRows(IEnumerable<string?> rows)
        {
            var list = rows as IReadOnlyCollection<string?> ?? new List<string?>(rows);
            int length = 0;
            foreach (var row in list) length += row == null ? 1 : row.Length + 8;
            var packed = new StringBuilder(length);
            foreach (var piece in PackedPieces(list)) packed.Append(piece);
            return packed.ToString();
        }

        /// <summary>The pieces whose concatenation is <see cref="PackRows"/>'s string: for each row, "-" for
        /// null, else its length and ':', then the row. The generator writes them into a string literal
        /// one by one, without building the packed string first.</summary>
        public static IEnumerable<string> PackedPieces(IEnumerable<string?> rows)
        {
            foreach (var row in rows)
            {
                if (row == null)
                {
                    yield return "-";
                    continue;
                }
                yield return Number(row.Length) + ":";
                yield return row;
            }
        }

        /// <summary>Splits a string written by <see cref="PackRows"/> back into its <paramref name="count"/> rows.</summary>
        /// <exception cref="InvalidOperationException">The string does not hold exactly <paramref name="count"/> rows.</exception>
        public static string?[] UnpackRows(string? packed, int count)
        {
            var rows = Unpack(packed, count);
            if (rows.Count != count) throw MalformedTable("it holds " + rows.Count + " rows where the table names " + count + " classes");
            return rows.ToArray();
        }

        /// <summary>Splits a string written by <see cref="PackRows"/> back into all its rows.</summary>
        /// <exception cref="InvalidOperationException">The string is malformed.</exception>
        public static string?[] UnpackRows(string? packed) => Unpack(packed, int.MaxValue).ToArray();

        /// <summary>The rows of a packed string, at most <paramref name="limit"/> of them: more rows than that
        /// is malformed, fewer is for the caller to judge.</summary>
        private static List<string?> Unpack(string? packed, int limit)
        {
            if (packed == null) throw MalformedTable("it is missing");
            var rows = new List<string?>();
            int at = 0;
            while (at < packed.Length)
            {
                if (rows.Count == limit) throw MalformedTable("it holds more than the " + limit + " rows the table names");
                if (packed[at] == '-')
                {
                    at++;
                    rows.Add(null);
                    continue;
                }
                int length = 0;
                int start = at;
                while (at < packed.Length && packed[at] >= '0' && packed[at] <= '9' && at - start < 9) length = length * 10 + (packed[at++] - '0');
                if (at == start || at >= packed.Length || packed[at] != ':' || packed.Length - at - 1 < length)
                    throw MalformedTable("row " + (rows.Count + 1) + " does not start with its length and ':' or is cut short");
                rows.Add(packed.Substring(at + 1, length));
                at += 1 + length;
            }
            return rows;
        }

        private static InvalidOperationException MalformedTable(string problem) =>
            new InvalidOperationException("A generated plan-table string of the GeneratedWorkflows registry is malformed: " + problem + ". " +
                "The generated code does not match this WorkflowDsl version, or was edited. " + Rebuild);

        /// <summary>What to do about generated code this version cannot read: the end of every such message.</summary>
        public const string Rebuild =
            "Rebuild the project with the WorkflowDsl version it references, so that the WorkflowDsl source generator writes the plan again.";

        private static void Field(StringBuilder text, string value)
        {
            text.Append(Separator);
            foreach (char c in value)
            {
                if (c == Separator || c == Escape) text.Append(Escape);
                text.Append(c);
            }
        }

        private static void List(StringBuilder text, IReadOnlyList<string> values)
        {
            Field(text, Number(values.Count));
            foreach (var value in values) Field(text, value);
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static InvalidOperationException Malformed(string? workflowId, string problem) =>
            new InvalidOperationException(
                "The generated plan text of " + (workflowId == null ? "a workflow" : "workflow '" + workflowId + "'") + " is malformed: " + problem + ". " +
                "The generated code does not match this WorkflowDsl version, or was edited. " + Rebuild);

        private static string Excerpt(string text) => "\"" + (text.Length <= 40 ? text : text.Substring(0, 40) + "...") + "\"";

        /// <summary>Reads the fields one after another, unescaping them.</summary>
        private sealed class FieldReader
        {
            private readonly string _text;
            private readonly StringBuilder _field = new StringBuilder();
            private int _position = 1;
            private int _index;

            public FieldReader(string text) => _text = text;

            public string? WorkflowId { get; set; }

            public InvalidOperationException Error(string problem) => Malformed(WorkflowId, problem);

            public string Text(string what)
            {
                if (_position >= _text.Length) throw Error("it ends before the " + what + " (field " + (_index + 1) + ")");
                if (_text[_position] != Separator) throw Error("'" + Separator + "' expected before the " + what + " at character " + _position);
                _position++;
                _index++;
                _field.Clear();
                while (_position < _text.Length && _text[_position] != Separator)
                {
                    char c = _text[_position++];
                    if (c == Escape)
                    {
                        if (_position >= _text.Length || (_text[_position] != Separator && _text[_position] != Escape))
                            throw Error("the " + what + " (field " + _index + ") has a '" + Escape + "' that escapes neither '" + Separator + "' nor '" + Escape + "'");
                        c = _text[_position++];
                    }
                    _field.Append(c);
                }
                return _field.ToString();
            }

            public string? Optional(string what)
            {
                string value = Text(what);
                if (value == Absent) return null;
                if (value.Length > 0 && value[0] == Present) return value.Substring(1);
                throw Error("the " + what + " (field " + _index + ") is '" + value + "', not '" + Absent + "' (none) or '" + Present + "' and a value");
            }

            public bool Flag(string what)
            {
                string value = Text(what);
                if (value == "0") return false;
                if (value == "1") return true;
                throw Error("the " + what + " flag (field " + _index + ") is '" + value + "', not 0 or 1");
            }

            public int Int(string what)
            {
                string value = Text(what);
                if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)) return number;
                throw Error("the " + what + " (field " + _index + ") is '" + value + "', not a number");
            }

            public long Long(string what)
            {
                string value = Text(what);
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)) return number;
                throw Error("the " + what + " (field " + _index + ") is '" + value + "', not a number");
            }

            public int Count(string what)
            {
                int count = Int("number of " + what);
                // Each item takes at least one more separator, so a count the rest of the text cannot hold is wrong.
                if (count < 0 || count > _text.Length - _position) throw Error("the number of " + what + " (field " + _index + ") is " + count + ", which the text cannot hold");
                return count;
            }

            public IReadOnlyList<string> List(string what)
            {
                int count = Count(what);
                var values = new string[count];
                for (int i = 0; i < count; i++) values[i] = Text(what + " item " + (i + 1));
                return values;
            }

            public void End()
            {
                if (_position < _text.Length) throw Error("it goes on after the last step (at character " + _position + ")");
            }
        }
    }
}
