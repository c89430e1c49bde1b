using System.Globalization;
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
/// 8601 (UTC unless an offset is given). Every bad value is reported with file, line and column.</summary>
public static class CsvDirectoryReader
{
    /// <summary>Reads the files in <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryImportException">Some rows are bad (all of them are listed).</exception>
    public static DirectoryData Read(string folder)
    {
        var problems = new List<ImportProblem>();
        var data = new DirectoryData();
        Each(folder, "org_units.csv", problems, ["id", "parent_id", "name"], r =>
            data.OrgUnits.Add(new OrgUnit { Id = r.Required("id"), ParentId = r.Optional("parent_id"), Name = r.Optional("name") ?? "" }));
        Each(folder, "users.csv", problems, ["id"], r =>
        {
            string? phone = r.Optional("phone");
            if (phone is not null && !Runs.ContactData.IsE164(phone))
                r.Problem("phone", $"'{phone}' is not in E.164 form: write it as +<country code><number>, such as +358401234567");
            string? email = r.Optional("email");
            if (email is not null && !Runs.ContactData.IsEmail(email))
                r.Problem("email", $"'{email}' is not an email address");
            data.Users.Add(new DirectoryUser
            {
                Id = r.Required("id"), FirstName = r.Optional("first_name") ?? "", LastName = r.Optional("last_name") ?? "",
                Email = email, Phone = phone, Locale = r.Optional("locale") ?? "en", TimeZone = r.Optional("time_zone"),
                IsActive = r.Bool("is_active") ?? true, ManagerId = r.Optional("manager_id"), HrPartnerId = r.Optional("hr_partner_id"),
                OrgUnitId = r.Optional("org_unit_id"), Country = r.Optional("country"), Department = r.Optional("department"),
                JobTitle = r.Optional("job_title"), HireDate = r.Date("hire_date"),
            });
        });
        Each(folder, "user_attributes.csv", problems, ["user_id", "name", "value"], r =>
            data.Attributes.Add(new UserAttribute { UserId = r.Required("user_id"), Name = r.Required("name"), Value = r.Optional("value") ?? "" }));
        Each(folder, "device_tokens.csv", problems, ["user_id", "token"], r =>
            data.DeviceTokens.Add(new PushDeviceToken { UserId = r.Required("user_id"), Token = r.Required("token") }));
        Each(folder, "contents.csv", problems, ["id", "title", "link"], r =>
            data.Contents.Add(new Content { Id = r.Required("id"), Title = r.Optional("title") ?? "", Link = r.Optional("link") ?? "" }));
        Each(folder, "assignments.csv", problems, ["user_id", "content_id", "kind"], r =>
        {
            string kindText = r.Required("kind");
            if (!Enum.TryParse<Assignment>(kindText, ignoreCase: true, out var kind) || kind == Assignment.None || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
                r.Problem("kind", $"'{kindText}' is not an assignment kind: use Mandatory, Optional, Recommended or SelfEnrolled");
            data.Assignments.Add(new ContentAssignment { UserId = r.Required("user_id"), ContentId = r.Required("content_id"), Kind = kind, DueDate = r.Date("due_date") });
        });
        Each(folder, "completions.csv", problems, ["user_id", "content_id", "completed_at"], r =>
            data.Completions.Add(new Completion
            {
                UserId = r.Required("user_id"), ContentId = r.Required("content_id"),
                CompletedAt = r.Time("completed_at") ?? default, ExpiresAt = r.Time("expires_at"),
            }));
        Each(folder, "administrators.csv", problems, ["id"], r =>
            data.Administrators.Add(new Administrator { Id = r.Required("id"), Name = r.Optional("name") ?? "", IsSuperAdministrator = r.Bool("is_super_administrator") ?? false }));
        Each(folder, "administrator_scopes.csv", problems, ["administrator_id", "org_unit_id"], r =>
            data.Scopes.Add(new AdministratorScope { AdministratorId = r.Required("administrator_id"), OrgUnitId = r.Required("org_unit_id") }));
        if (problems.Count > 0) throw new DirectoryImportException(problems);
        return data;
    }

    private static void Each(string folder, string file, List<ImportProblem> problems, string[] requiredColumns, Action<Row> read)
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path)) return;
        var options = new CsvReaderOptions { TrackLineNumbers = true, TrimWhitespace = true };
        using var csv = CsvReader.FromFile(path, options);
        var header = csv.Headers.ToArray();
        foreach (var column in requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)))
            problems.Add(new ImportProblem(file, 1, column, $"the header has no '{column}' column: add it (columns: {string.Join(", ", header)})"));
        if (requiredColumns.Any(c => !header.Contains(c, StringComparer.Ordinal))) return;
        while (csv.Read())
        {
            var row = new Row(csv, file, (int)csv.LineNumber, header, problems);
            read(row);
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

        public string Required(string column)
        {
            var value = Optional(column);
            if (value is null) Problem(column, "is empty: every row needs it");
            return value ?? "";
        }

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
