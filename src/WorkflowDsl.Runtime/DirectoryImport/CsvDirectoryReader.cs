using System.Globalization;
using System.Text;
using CsvHelper;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.DirectoryImport;

/// <summary>Reads a folder of directory CSV files (UTF-8, comma-separated, header row) into
/// <see cref="DirectoryData"/>. Every file is optional; docs/directory-csv.md documents the columns:
/// <c>org_units.csv</c> (id, parent_id, name), <c>users.csv</c> (id, first_name, last_name, email,
/// phone, locale, time_zone, is_active, manager_id, hr_partner_id, org_unit_id, country, department,
/// job_title, hire_date), <c>user_attributes.csv</c> (user_id, name, value), <c>device_tokens.csv</c>
/// (user_id, token), <c>contents.csv</c> (id, title, link), <c>assignments.csv</c> (user_id,
/// content_id, kind, due_date), <c>completions.csv</c> (user_id, content_id, completed_at,
/// expires_at), <c>administrators.csv</c> (id, name, is_super_administrator),
/// <c>administrator_scopes.csv</c> (administrator_id, org_unit_id). Dates are yyyy-MM-dd, times ISO
/// 8601 (UTC unless an offset is given). Every bad value is reported with file, line and column; a file
/// that is not valid UTF-8 (or the encoding given), or whose quoting is broken (an unclosed quote), is
/// refused with the line and character position, and nothing of it is read.</summary>
public static class CsvDirectoryReader
{
    /// <summary>The files <see cref="Read(string)"/> reads, in the order it reads them (uploads are checked against this list).</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["org_units.csv", "users.csv", "user_attributes.csv", "device_tokens.csv", "contents.csv", "assignments.csv", "completions.csv", "administrators.csv", "administrator_scopes.csv"];

    /// <summary>Reads the files in <paramref name="folder"/>, which must be UTF-8 (a byte order mark is fine).</summary>
    /// <exception cref="DirectoryImportException">Some rows or files are bad (all of them are listed).</exception>
    public static DirectoryData Read(string folder) => Read(folder, encoding: null);

    /// <summary>Reads the files in <paramref name="folder"/>, written in <paramref name="encoding"/> (such as
    /// <see cref="Encoding.Latin1"/>), or UTF-8 when it is null. A byte that is not valid in the encoding
    /// refuses the file with its line, character position and byte offset; nothing is ever replaced by
    /// U+FFFD. A byte order mark of the encoding is skipped.</summary>
    /// <exception cref="DirectoryImportException">Some rows or files are bad (all of them are listed).</exception>
    public static DirectoryData Read(string folder, Encoding? encoding)
    {
        var problems = new List<ImportProblem>();
        var data = new DirectoryData();
        var reader = new FileReader(folder, encoding, data, problems);
        reader.Each("org_units.csv", data.OrgUnits, ["id", "parent_id", "name"], r =>
            new OrgUnit { Id = r.Text("id"), ParentId = r.Optional("parent_id"), Name = r.Text("name") });
        reader.Each("users.csv", data.Users, ["id"], r =>
        {
            string? phone = r.Optional("phone");
            if (phone is not null && !Runs.ContactData.IsE164(phone))
                r.Problem("phone", $"'{phone}' is not in E.164 form: write it as +<country code><number>, such as +358401234567");
            string? email = r.Optional("email");
            if (email is not null && !Runs.ContactData.IsEmail(email))
                r.Problem("email", $"'{email}' is not an email address");
            return new DirectoryUser
            {
                Id = r.Text("id"), FirstName = r.Text("first_name"), LastName = r.Text("last_name"),
                Email = email, Phone = phone, Locale = r.Optional("locale") ?? "en", TimeZone = r.Optional("time_zone"),
                IsActive = r.Bool("is_active") ?? true, ManagerId = r.Optional("manager_id"), HrPartnerId = r.Optional("hr_partner_id"),
                OrgUnitId = r.Optional("org_unit_id"), Country = r.Optional("country"), Department = r.Optional("department"),
                JobTitle = r.Optional("job_title"), HireDate = r.Date("hire_date"),
            };
        });
        reader.Each("user_attributes.csv", data.Attributes, ["user_id", "name", "value"], r =>
            new UserAttribute { UserId = r.Text("user_id"), Name = r.Text("name"), Value = r.Text("value") });
        reader.Each("device_tokens.csv", data.DeviceTokens, ["user_id", "token"], r =>
            new PushDeviceToken { UserId = r.Text("user_id"), Token = r.Text("token") });
        reader.Each("contents.csv", data.Contents, ["id", "title", "link"], r =>
            new Content { Id = r.Text("id"), Title = r.Text("title"), Link = r.Text("link") });
        reader.Each("assignments.csv", data.Assignments, ["user_id", "content_id", "kind"], r =>
        {
            string kindText = r.Text("kind");
            if (!Enum.TryParse<Assignment>(kindText, ignoreCase: true, out var kind) || kind == Assignment.None || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
                r.Problem("kind", kindText.Length == 0 ? "is empty: every row needs it" : $"'{kindText}' is not an assignment kind: use Mandatory, Optional, Recommended or SelfEnrolled");
            return new ContentAssignment { UserId = r.Text("user_id"), ContentId = r.Text("content_id"), Kind = kind, DueDate = r.Date("due_date") };
        });
        reader.Each("completions.csv", data.Completions, ["user_id", "content_id", "completed_at"], r => new Completion
        {
            UserId = r.Text("user_id"), ContentId = r.Text("content_id"),
            CompletedAt = r.Time("completed_at") ?? default, ExpiresAt = r.Time("expires_at"),
        });
        reader.Each("administrators.csv", data.Administrators, ["id"], r =>
            new Administrator { Id = r.Text("id"), Name = r.Text("name"), IsSuperAdministrator = r.Bool("is_super_administrator") ?? false });
        reader.Each("administrator_scopes.csv", data.Scopes, ["administrator_id", "org_unit_id"], r =>
            new AdministratorScope { AdministratorId = r.Text("administrator_id"), OrgUnitId = r.Text("org_unit_id") });

        // The checks every import gets (keys, lengths, links, cycles), by file and line; a value the
        // reader already reported (an unreadable kind or time) is not reported again.
        var reported = problems.Select(p => (p.File, p.Line, p.Column)).ToHashSet();
        problems.AddRange(DirectoryChecks.Rows(data).Where(p => !reported.Contains((p.File, p.Line, p.Column))));
        if (problems.Count > 0) throw new DirectoryImportException(problems);
        return data;
    }

    /// <summary>Reads one file after another into <see cref="DirectoryData"/>, noting each row's line.</summary>
    private sealed class FileReader(string folder, Encoding? encoding, DirectoryData data, List<ImportProblem> problems)
    {
        private static readonly CsvReaderOptions Options = new()
        {
            TrackLineNumbers = true, TrimWhitespace = true, Separator = ',', MalformedData = CsvMalformedDataHandling.Throw,
        };

        public void Each<T>(string file, List<T> rows, string[] requiredColumns, Func<Row, T> read) where T : class
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) return;
            data.FilesRead.Add(file);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ImportProblem(file, 0, "", $"could not be read ({ex.Message}): check that the file is readable and import again"));
                return;
            }
            // A file that does not decode or whose quoting is broken is not read at all: its rows cannot be trusted.
            if (CsvText.Decode(file, bytes, encoding, problems) is not { } text || !CsvText.CheckQuotes(file, text, problems)) return;
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add(new ImportProblem(file, 1, "(header)", $"the file is empty: write a header row with at least {string.Join(",", requiredColumns)} " +
                                                                   "(docs/directory-csv.md lists every column) and the rows, or remove the file to import nothing from it"));
                return;
            }
            try
            {
                using var csv = CsvReader.FromText(text, Options);
                var header = csv.Headers.ToArray();
                var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
                foreach (var column in missing)
                    problems.Add(new ImportProblem(file, 1, column, $"the header has no '{column}' column: add it (the header is: {string.Join(",", header)})"));
                foreach (var twice in header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
                    problems.Add(new ImportProblem(file, 1, twice.Key, $"the header has the '{twice.Key}' column {twice.Count()} times: keep one"));
                if (problems.Any(p => p.File == file)) return;
                while (csv.Read())
                {
                    int line = (int)csv.LineNumber;
                    // A row with another number of fields would shift or drop values (an unquoted comma in a title).
                    if (csv.FieldCount != header.Length)
                    {
                        problems.Add(new ImportProblem(file, line, csv.FieldCount > header.Length ? $"(field {header.Length + 1})" : header[csv.FieldCount],
                            $"the row has {csv.FieldCount} field(s) but the header has {header.Length}: put a value that contains a comma in quotes (\"Lead, Ops\"), " +
                            "and write every column (an empty value is nothing between two commas)"));
                        continue;
                    }
                    var row = read(new Row(csv, file, line, header, problems));
                    rows.Add(row);
                    data.SourceLines[row] = line;
                }
            }
            catch (CsvFormatException ex)
            {
                problems.Add(new ImportProblem(file, (int)ex.LineNumber, "", $"{ex.Message}: nothing was read from the file; fix its quoting and import again"));
            }
        }
    }

    private sealed class Row(CsvReader csv, string file, int line, string[] header, List<ImportProblem> problems)
    {
        public void Problem(string column, string message) => problems.Add(new ImportProblem(file, line, column, message));

        public string? Optional(string column)
        {
            if (!header.Contains(column, StringComparer.Ordinal)) return null;
            string? value = csv.GetStringOrNull(column);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        /// <summary>The value, or "" when it is empty (the checks report required ones).</summary>
        public string Text(string column) => Optional(column) ?? "";

        public bool? Bool(string column)
        {
            var value = Optional(column);
            if (value is null) return null;
            if (bool.TryParse(value, out var b)) return b;
            if (value is "1" or "0") return value == "1";
            Problem(column, $"'{value}' is not true/false");
            return null;
        }

        public DateOnly? Date(string column)
        {
            var value = Optional(column);
            if (value is null) return null;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            Problem(column, $"'{value}' is not a date: write yyyy-MM-dd, such as 2026-03-31");
            return null;
        }

        public DateTime? Time(string column)
        {
            var value = Optional(column);
            if (value is null) return null;
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.UtcDateTime;
            Problem(column, $"'{value}' is not a time: write ISO 8601, such as 2026-03-31T12:00:00Z");
            return null;
        }
    }
}
