using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace WorkflowDsl.Runtime.DirectoryImport;

/// <summary>The checks of a CSV file's text before CsvHelper reads it: the bytes must decode (UTF-8
/// unless the caller names another encoding; never replaced by U+FFFD), and the quoting must be RFC 4180
/// (an unclosed quote would otherwise swallow every row after it, as CsvHelper's recovery reads it to
/// the end of the file). Each problem names the line and the character position.</summary>
internal static class CsvText
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The file's text without a byte order mark, or null (with a problem added) when a byte does
    /// not decode.</summary>
    public static string? Decode(string file, byte[] bytes, Encoding? encoding, List<ImportProblem> problems)
    {
        if (encoding is null || encoding.CodePage == Encoding.UTF8.CodePage)
        {
            int start = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            var chars = new char[bytes.Length];
            var status = Utf8.ToUtf16(bytes.AsSpan(start), chars, out int read, out int written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done) return new string(chars, 0, written);
            problems.Add(BadByte(file, bytes, start + read, new string(chars, 0, written), "UTF-8"));
            return null;
        }
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        byte[] preamble = encoding.GetPreamble();
        int skip = preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
        try
        {
            return strict.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException ex)
        {
            int offset = Math.Clamp(skip + Math.Max(ex.Index, 0), skip, Math.Max(skip, bytes.Length - 1));
            string prefix;
            try { prefix = strict.GetString(bytes, skip, offset - skip); }
            catch (DecoderFallbackException) { prefix = ""; }
            problems.Add(BadByte(file, bytes, offset, prefix, encoding.WebName));
            return null;
        }
    }

    private static ImportProblem BadByte(string file, byte[] bytes, int offset, string before, string encodingName)
    {
        var at = Walk(before).End;
        return new ImportProblem(file, at.Line, ColumnName(before, at), $"byte 0x{bytes[offset]:X2} at byte offset {offset} is not valid {encodingName}; nothing was read from the file " +
            $"(no character is replaced). Save the file as UTF-8 (in Excel: \"CSV UTF-8\"), or give its encoding: CsvDirectoryReader.Read(folder, encoding)")
        { Position = at.Position, ByteOffset = offset };
    }

    /// <summary>Adds a problem and returns false when the quoting is not RFC 4180; nothing of such a file is read.</summary>
    public static bool CheckQuotes(string file, string text, List<ImportProblem> problems)
    {
        var (problem, _) = Walk(text);
        if (problem is not { } p) return true;
        string start = Snippet(text, p.Index);
        string message = p.Kind switch
        {
            QuoteProblem.Unclosed =>
                $"the quote that opens this field ({start}) is never closed, so the field would run to the end of the file and swallow every row after it; " +
                "nothing was read from the file. Add the closing quote, and write a quote inside a quoted field as two (\"\")",
            QuoteProblem.TextAfterClosingQuote =>
                $"the quoted field that opens here ({start}) is closed at line {p.Other.Line}, character {p.Other.Position}, and text follows that closing quote: " +
                "the field is probably missing its closing quote here (it would swallow the line breaks and rows up to there), or a quote inside it is not doubled; " +
                "nothing was read from the file. Close the field, and write a quote inside a quoted field as two (\"\")",
            _ =>
                $"a quote inside an unquoted field ({Snippet(text, p.FieldStart)}); nothing was read from the file. Put the whole field in quotes and double " +
                "the quote inside it (\"5\"\" screen\"), or remove the quote",
        };
        problems.Add(new ImportProblem(file, p.At.Line, ColumnName(text, p.At), message) { Position = p.At.Position });
        return false;
    }

    /// <summary>Where a character is: 1-based line and character position, and the 0-based field of its record.</summary>
    internal readonly record struct Spot(int Line, int Position, int Field);

    private enum QuoteProblem { Unclosed, TextAfterClosingQuote, StrayQuote }

    private readonly record struct Found(QuoteProblem Kind, Spot At, int Index, int FieldStart, Spot Other);

    private enum State { FieldStart, Unquoted, Quoted, Closed }

    /// <summary>Reads <paramref name="text"/> as RFC 4180 quoting does (spaces and tabs before a field's
    /// opening quote or after its closing quote are allowed, as the reader trims them); returns the first
    /// quoting problem and where the text ends.</summary>
    private static (Found? Problem, Spot End) Walk(string text)
    {
        int line = 1, position = 1, field = 0, fieldStart = 0;
        var state = State.FieldStart;
        Spot open = default, closed = default;
        int openIndex = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool lineBreak = c is '\n' or '\r';
            var here = new Spot(line, position, field);
            switch (state)
            {
                case State.FieldStart when c == '"':
                    (state, open, openIndex) = (State.Quoted, here, i);
                    break;
                case State.FieldStart when c is ' ' or '\t':
                    break;
                case State.Quoted when c == '"' && i + 1 < text.Length && text[i + 1] == '"':
                    i++;
                    position++;
                    break;
                case State.Quoted when c == '"':
                    (state, closed) = (State.Closed, here);
                    break;
                case State.Quoted:
                    break;
                case State.Unquoted when c == '"':
                    return (new Found(QuoteProblem.StrayQuote, here, i, fieldStart, default), here);
                case State.Closed when c is not (',' or ' ' or '\t') && !lineBreak:
                    return (new Found(QuoteProblem.TextAfterClosingQuote, open, openIndex, openIndex, closed), here);
                case not State.Closed when c != ',' && !lineBreak:
                    state = State.Unquoted;
                    break;
                default:
                    if (c == ',') field++;
                    else if (lineBreak) field = 0;
                    if (c == ',' || lineBreak) (state, fieldStart) = (State.FieldStart, i + 1);
                    break;
            }
            if (c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) (line, position) = (line + 1, 1);
            else position++;
        }
        var end = new Spot(line, position, field);
        return state == State.Quoted ? (new Found(QuoteProblem.Unclosed, open, openIndex, openIndex, default), end) : (null, end);
    }

    /// <summary>The header's name for the field at <paramref name="spot"/> (quotes removed), "(header)" on
    /// the header line, or "(field N)" past the header's columns.</summary>
    private static string ColumnName(string text, Spot spot)
    {
        if (spot.Line == 1) return "(header)";
        int end = text.IndexOfAny(['\r', '\n']);
        var names = text[..(end < 0 ? text.Length : end)].Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        return spot.Field < names.Length ? names[spot.Field] : $"(field {spot.Field + 1})";
    }

    /// <summary>The text from <paramref name="index"/> to the end of its line, at most 30 characters, quoted.</summary>
    private static string Snippet(string text, int index)
    {
        int end = text.IndexOfAny(['\r', '\n'], index);
        string rest = text[index..(end < 0 ? text.Length : end)];
        return "'" + (rest.Length > 30 ? rest[..30] + "…" : rest) + "'";
    }
}
