using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.DirectoryImport;

/// <summary>The checks of every import, whether its rows came from CSV files or were built in code, so
/// that both name each problem the same way: the CSV file and line of a row that
/// <see cref="CsvDirectoryReader"/> read, else <c>api:</c> and the table with the 1-based row number, and
/// the column (field) name. Lengths come from the EF model, so they cannot drift from the columns, and
/// are checked before the database sees a row, so every provider refuses the same values.</summary>
internal sealed class DirectoryChecks
{
    internal const string ApiPrefix = "api:";

    /// <summary>The model for checks without a database (the CSV reader): the same model every provider uses.</summary>
    private static readonly Lazy<IModel> OfflineModel = new(() =>
    {
        using var db = new WorkflowDbContext(new DbContextOptionsBuilder<WorkflowDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    });

    private readonly DirectoryData _data;
    private readonly IModel _model;
    private readonly List<ImportProblem> _problems = [];

    private DirectoryChecks(DirectoryData data, IModel? model)
    {
        _data = data;
        _model = model ?? OfflineModel.Value;
    }

    /// <summary>Every row's own problems: required keys, lengths, links, kinds, times, and org-unit cycles
    /// among the rows of <paramref name="data"/>.</summary>
    public static List<ImportProblem> Rows(DirectoryData data, IModel? model = null)
    {
        var checks = new DirectoryChecks(data, model);
        checks.Table("org_units", data.OrgUnits, (r, o) =>
        {
            r.Need("id", o.Id);
            if (o.Id?.Contains('/') == true) r.Problem("id", $"'{o.Id}' contains '/': org-unit ids are path segments, remove the slash");
        });
        checks.Table("users", data.Users, (r, u) =>
        {
            r.Need("id", u.Id);
            if (u.Attributes is null) r.Problem("attributes", "is null: give an empty list");
            if (u.DeviceTokens is null) r.Problem("device_tokens", "is null: give an empty list");
            checks.Nested(r, "attributes", u.Attributes, (n, a) => n.Need("name", a.Name));
            checks.Nested(r, "device_tokens", u.DeviceTokens, (n, t) => n.Need("token", t.Token));
        });
        checks.Table("user_attributes", data.Attributes, (r, a) => { r.Need("user_id", a.UserId); r.Need("name", a.Name); });
        checks.Table("device_tokens", data.DeviceTokens, (r, t) => { r.Need("user_id", t.UserId); r.Need("token", t.Token); });
        checks.Table("contents", data.Contents, (r, c) =>
        {
            r.Need("id", c.Id);
            if (!string.IsNullOrEmpty(c.Link) && !IsWebLink(c.Link))
                r.Problem("link", $"{Quote(c.Link)} is not an absolute http or https link: write the whole address, such as https://learn.example/c1 " +
                                  "(other schemes, such as javascript: or data:, are refused)");
        });
        checks.Table("assignments", data.Assignments, (r, a) =>
        {
            r.Need("user_id", a.UserId);
            r.Need("content_id", a.ContentId);
            if (a.Kind == Assignment.None || ((int)a.Kind & ((int)a.Kind - 1)) != 0 || !Enum.IsDefined(a.Kind))
                r.Problem("kind", $"'{a.Kind}' is not one assignment kind: use one of Mandatory, Optional, Recommended, SelfEnrolled");
        });
        checks.Table("completions", data.Completions, (r, c) =>
        {
            r.Need("user_id", c.UserId);
            r.Need("content_id", c.ContentId);
            if (c.CompletedAt == default) r.Problem("completed_at", "is empty: every row needs it");
            else if (c.ExpiresAt is { } e && e < c.CompletedAt)
                r.Problem("expires_at", $"{e:O} is before completed_at {c.CompletedAt:O}: fix one of them");
        });
        checks.Table("administrators", data.Administrators, (r, a) => r.Need("id", a.Id));
        checks.Table("administrator_scopes", data.Scopes, (r, s) => { r.Need("administrator_id", s.AdministratorId); r.Need("org_unit_id", s.OrgUnitId); });
        checks.Cycles(new Dictionary<string, OrgUnit>());
        return checks._problems;
    }

    /// <summary>The problems of the org-unit tree that the import makes of the units stored already and the
    /// imported ones: cycles, and paths longer than their columns (a moved unit moves its subtree).</summary>
    public static List<ImportProblem> Tree(DirectoryData data, IModel model, IReadOnlyDictionary<string, OrgUnit> stored)
    {
        var checks = new DirectoryChecks(data, model);
        checks.Cycles(stored);
        if (checks._problems.Count > 0) return checks._problems;
        var units = new Dictionary<string, OrgUnit>(stored);
        foreach (var unit in data.OrgUnits) units[unit.Id] = unit;
        var paths = DirectoryImporter.ComputePaths(units.Values);
        int limit = Math.Min(MaxLength(model, typeof(OrgUnit), nameof(OrgUnit.Path)), MaxLength(model, typeof(DirectoryUser), nameof(DirectoryUser.OrgUnitPath)));
        var reported = new HashSet<string>();
        var index = checks.ImportedIndex();
        foreach (var (id, path) in paths.Where(p => p.Value.Length > limit).OrderBy(p => p.Value.Length))
        {
            // The imported unit nearest above (or at) the unit with the long path is the one to change.
            string? at = id;
            while (at is not null && !index.ContainsKey(at)) at = units.TryGetValue(at, out var u) ? u.ParentId : null;
            if (at is null || !reported.Add(at)) continue;
            string whose = at == id ? "its path" : $"it puts unit '{id}' below it, whose path";
            checks.At("org_units", index[at], data.OrgUnits[index[at]]).Problem("parent_id",
                $"{whose} {Quote(path)} is {path.Length} characters long; paths hold at most {limit}: make the tree shallower or the ids of its units shorter");
        }
        return checks._problems;
    }

    /// <summary>True for an absolute http or https URI with a host.</summary>
    internal static bool IsWebLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static int MaxLength(IModel model, Type entity, string property) =>
        model.FindEntityType(entity)?.FindProperty(property)?.GetMaxLength() ?? int.MaxValue;

    /// <summary>A value as messages show it: quoted, cut after 40 characters, control characters and lone
    /// surrogates written as <c>\uXXXX</c> (a message stays one line of valid text).</summary>
    internal static string Quote(string value)
    {
        string cut = value.Length > 40 ? value[..40] + "…" : value;
        var text = new StringBuilder("'");
        for (int i = 0; i < cut.Length; i++)
        {
            char c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1])) text.Append(c).Append(cut[++i]);
            else if (char.IsControl(c) || char.IsSurrogate(c)) text.Append($"\\u{(int)c:X4}");
            else text.Append(c);
        }
        return text.Append('\'').ToString();
    }

    private Dictionary<string, int>? _importedIndex;

    /// <summary>The list position of each imported unit (the last one with an id, as the import keeps it).</summary>
    private Dictionary<string, int> ImportedIndex()
    {
        if (_importedIndex is not null) return _importedIndex;
        _importedIndex = [];
        var units = _data.OrgUnits ?? [];
        for (int i = 0; i < units.Count; i++)
            if (units[i] is { Id: { } id }) _importedIndex[id] = i;
        return _importedIndex;
    }

    /// <summary>Reports each parent cycle that an imported unit is in once, at the first imported unit
    /// in it, as <c>a -&gt; b -&gt; c -&gt; a</c> (each arrow goes to the parent).</summary>
    private void Cycles(IReadOnlyDictionary<string, OrgUnit> stored)
    {
        var index = ImportedIndex();
        string? ParentOf(string id) =>
            index.TryGetValue(id, out int i) ? _data.OrgUnits[i].ParentId : stored.TryGetValue(id, out var unit) ? unit.ParentId : null;
        var done = new HashSet<string>();
        foreach (var start in index.OrderBy(p => p.Value).Select(p => p.Key))
        {
            var walk = new List<string>();
            var onWalk = new Dictionary<string, int>();
            for (string? at = start; at is not null && !done.Contains(at) && (index.ContainsKey(at) || stored.ContainsKey(at)); at = ParentOf(at))
            {
                if (onWalk.TryGetValue(at, out int first))
                {
                    var cycle = walk[first..];
                    int from = cycle.FindIndex(index.ContainsKey);
                    var ordered = cycle[from..].Concat(cycle[..from]).ToList();
                    At("org_units", index[ordered[0]], _data.OrgUnits[index[ordered[0]]]).Problem("parent_id",
                        $"the org units form a cycle: {string.Join(" -> ", ordered.Append(ordered[0]))} (each arrow goes to the parent), so none of them has a path from a root: " +
                        "give one of them another parent_id, or none for a root");
                    break;
                }
                onWalk[at] = walk.Count;
                walk.Add(at);
            }
            done.UnionWith(walk);
        }
    }

    private void Table<T>(string table, List<T> rows, Action<RowChecks, T> check) where T : class
    {
        if (rows is null)
        {
            _problems.Add(new ImportProblem(ApiPrefix + table, 0, "(list)", "the list is null: give an empty list"));
            return;
        }
        var columns = Columns(typeof(T));
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { } row)
            {
                _problems.Add(new ImportProblem(ApiPrefix + table, i + 1, "(row)", "the row is null: remove it"));
                continue;
            }
            var r = At(table, i, row);
            r.Values(columns, row);
            check(r, row);
        }
    }

    private void Nested<T>(RowChecks owner, string list, List<T>? items, Action<RowChecks, T> check) where T : class
    {
        if (items is null) return;
        var columns = Columns(typeof(T)).Where(c => c.Column != "user_id").ToList();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                owner.Problem($"{list}[{i}]", "is null: remove it");
                continue;
            }
            var r = owner with { Prefix = $"{list}[{i}]." };
            // The owner's id is filled in at import: only the item's own fields are checked.
            r.Values(columns, item);
            check(r, item);
        }
    }

    private RowChecks At(string table, int index, object row) =>
        _data.SourceLines.TryGetValue(row, out int line)
            ? new RowChecks(_problems, table + ".csv", line, "")
            : new RowChecks(_problems, ApiPrefix + table, index + 1, "");

    /// <summary>The string properties of an entity, by column name; paths are computed by the import and
    /// checked by <see cref="Tree"/>.</summary>
    private List<(string Column, IProperty Property)> Columns(Type entity) =>
        (_model.FindEntityType(entity)?.GetProperties() ?? [])
            .Where(p => p.ClrType == typeof(string) && p.PropertyInfo is not null && p.Name is not (nameof(OrgUnit.Path) or nameof(DirectoryUser.OrgUnitPath)))
            .Select(p => (SnakeCase(p.Name), p))
            .ToList();

    /// <summary>The index of the first NUL or lone surrogate in <paramref name="value"/> (PostgreSQL stores
    /// neither, SQLite both), or -1.</summary>
    internal static int BadCharacter(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\0' || char.IsLowSurrogate(c)) return i;
            if (!char.IsHighSurrogate(c)) continue;
            if (i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) return i;
            i++;
        }
        return -1;
    }

    /// <summary>The CSV column of a property: <c>OrgUnitId</c> is <c>org_unit_id</c>.</summary>
    internal static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The checks of one row, which know where it is.</summary>
    private readonly record struct RowChecks(List<ImportProblem> Problems, string File, int Line, string Prefix)
    {
        /// <summary>Adds a problem, unless the value has one already (a null key is not also empty): a row's
        /// problems are added one after another, so only the last ones are looked at.</summary>
        public void Problem(string column, string message)
        {
            for (int i = Problems.Count - 1; i >= 0 && Problems[i].File == File && Problems[i].Line == Line; i--)
                if (Problems[i].Column == Prefix + column) return;
            Problems.Add(new ImportProblem(File, Line, Prefix + column, message));
        }

        public void Need(string column, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) Problem(column, "is empty: every row needs it");
        }

        /// <summary>Null where the column is not nullable, longer than the column, or with a character not every database stores.</summary>
        public void Values(IEnumerable<(string Column, IProperty Property)> columns, object row)
        {
            foreach (var (column, property) in columns)
            {
                if (property.PropertyInfo!.GetValue(row) is not string { } value)
                {
                    if (!property.IsNullable) Problem(column, "is null: give a value, or \"\" where the field may be empty");
                    continue;
                }
                if (property.GetMaxLength() is int max && value.Length > max) Problem(column, $"{Quote(value)} is {value.Length} characters long; the column holds at most {max}: shorten it");
                if (BadCharacter(value) is int at and >= 0)
                    Problem(column, $"{Quote(value)} has {(value[at] == '\0' ? "a NUL character (U+0000)" : $"a lone surrogate (U+{(int)value[at]:X4})")} at character {at + 1}, " +
                                    "which not every database can store: remove it");
            }
        }
    }
}
