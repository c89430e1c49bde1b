using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.DirectoryImport;

/// <summary>Imports directory rows: adds new rows and updates changed ones; an upsert never deletes
/// (deactivate a user with IsActive = false), a full import (<see cref="DirectoryImportMode.Full"/>) also
/// removes what the import no longer has. Idempotent: importing the same data twice changes nothing. Every row is
/// checked first (docs/directory-csv.md lists the checks: required keys, column lengths from the EF
/// model, http/https links, org-unit cycles with the stored tree too); if any is bad, nothing is written.
/// The whole import is one transaction.</summary>
public static class DirectoryImporter
{
    private const int Batch = 1000;

    /// <summary>Imports <paramref name="data"/>, adding and updating rows (<see cref="DirectoryImportMode.Upsert"/>).</summary>
    /// <exception cref="DirectoryImportException">Some rows are bad; nothing was imported.</exception>
    public static Task<ImportSummary> ImportAsync(WorkflowDatabase database, DirectoryData data, CancellationToken cancellationToken = default) =>
        ImportAsync(database, data, DirectoryImportMode.Upsert, TimeProvider.System, cancellationToken);

    /// <summary>Imports <paramref name="data"/> in <paramref name="mode"/>; a full import marks the users it
    /// removes with the time of <paramref name="clock"/>.</summary>
    /// <exception cref="DirectoryImportException">Some rows are bad; nothing was imported.</exception>
    public static async Task<ImportSummary> ImportAsync(WorkflowDatabase database, DirectoryData data, DirectoryImportMode mode, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(data);
        await using var db = database.CreateContext();
        // Every check runs before the database sees a row: the same values are refused on every provider.
        var problems = DirectoryChecks.Rows(data, db.Model);
        if (problems.Count > 0) throw new DirectoryImportException(problems);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inserted = new Dictionary<string, int>();
        var updated = new Dictionary<string, int>();

        // Users' nested attributes and tokens go to their own tables.
        var attributes = data.Attributes.Concat(data.Users.SelectMany(u => u.Attributes.Select(a => new UserAttribute { UserId = u.Id, Name = a.Name, Value = a.Value }))).ToList();
        var tokens = data.DeviceTokens.Concat(data.Users.SelectMany(u => u.DeviceTokens.Select(t => new PushDeviceToken { UserId = u.Id, Token = t.Token }))).ToList();
        var users = data.Users.Select(CopyScalars).ToList();

        // Org-unit paths from the whole tree: the units already stored, overridden by the imported ones.
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        problems = DirectoryChecks.Tree(data, db.Model, units);
        if (problems.Count > 0) throw new DirectoryImportException(problems);
        var orgUnits = data.OrgUnits.Select(o => new OrgUnit { Id = o.Id, ParentId = o.ParentId, Name = o.Name }).ToList();
        foreach (var unit in orgUnits) units[unit.Id] = unit;
        var paths = ComputePaths(units.Values);
        foreach (var unit in orgUnits) unit.Path = paths[unit.Id];
        await UpsertAsync(db, "org_units", orgUnits, o => o.Id, keys => db.OrgUnits.Where(o => keys.Contains(o.Id)), o => o.Id, inserted, updated, cancellationToken);
        await UpsertAsync(db, "contents", data.Contents, c => c.Id, keys => db.Contents.Where(c => keys.Contains(c.Id)), c => c.Id, inserted, updated, cancellationToken);
        await UpsertAsync(db, "administrators", data.Administrators, a => a.Id, keys => db.Administrators.Where(a => keys.Contains(a.Id)), a => a.Id, inserted, updated, cancellationToken);
        await UpsertAsync(db, "administrator_scopes", data.Scopes, s => s.AdministratorId + "\n" + s.OrgUnitId,
            keys => db.AdministratorScopes.Where(s => keys.Contains(s.AdministratorId)), s => s.AdministratorId, inserted, updated, cancellationToken);

        foreach (var user in users) user.OrgUnitPath = user.OrgUnitId is { } unit && paths.TryGetValue(unit, out var path) ? path : "/";
        await UpsertAsync(db, "users", users, u => u.Id, keys => db.Users.Where(u => keys.Contains(u.Id)), u => u.Id, inserted, updated, cancellationToken);
        await UpsertAsync(db, "user_attributes", attributes, a => a.UserId + "\n" + a.Name, keys => db.UserAttributes.Where(a => keys.Contains(a.UserId)), a => a.UserId, inserted, updated, cancellationToken);
        await UpsertAsync(db, "device_tokens", tokens, t => t.UserId + "\n" + t.Token, keys => db.DeviceTokens.Where(t => keys.Contains(t.UserId)), t => t.UserId, inserted, updated, cancellationToken);
        await UpsertAsync(db, "assignments", data.Assignments, a => a.UserId + "\n" + a.ContentId + "\n" + (int)a.Kind, keys => db.Assignments.Where(a => keys.Contains(a.UserId)), a => a.UserId, inserted, updated, cancellationToken);
        await UpsertAsync(db, "completions", data.Completions.Select(NormalizeTimes).ToList(), c => c.UserId + "\n" + c.ContentId, keys => db.Completions.Where(c => keys.Contains(c.UserId)), c => c.UserId, inserted, updated, cancellationToken);

        // A moved unit moves the units and users below it: set-based, only where the path changed.
        foreach (var unit in units.Values.Where(u => u.Path != paths[u.Id] || orgUnits.Count > 0))
        {
            string id = unit.Id, path = paths[unit.Id];
            await db.OrgUnits.Where(o => o.Id == id && o.Path != path).ExecuteUpdateAsync(s => s.SetProperty(o => o.Path, path), cancellationToken);
            await db.Users.Where(u => u.OrgUnitId == id && u.OrgUnitPath != path).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrgUnitPath, path), cancellationToken);
        }
        var removed = new Dictionary<string, int>();
        if (mode == DirectoryImportMode.Full) await RemoveMissingAsync(db, data, users, clock.GetUtcNow().UtcDateTime, removed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportSummary(inserted, updated) { Removed = removed };
    }

    /// <summary>The full import's second half: what the stored tables have and the import does not is
    /// removed, for each table the import describes (<see cref="DirectoryData.Describes"/>). Users are
    /// marked removed (messages and run state refer to them); assignments and completions are deleted.</summary>
    private static async Task RemoveMissingAsync(WorkflowDbContext db, DirectoryData data, List<DirectoryUser> users, DateTime now,
        Dictionary<string, int> removed, CancellationToken cancellationToken)
    {
        if (data.Describes("users", users.Count))
        {
            var present = users.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
            var gone = (await db.Users.Where(u => u.RemovedAt == null).Select(u => u.Id).ToListAsync(cancellationToken)).Where(id => !present.Contains(id)).ToList();
            foreach (var batch in gone.Chunk(Batch))
            {
                var ids = batch.ToList();
                await db.Users.Where(u => ids.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.RemovedAt, now), cancellationToken);
            }
            removed["users"] = gone.Count;
        }

        if (data.Describes("assignments", data.Assignments.Count))
        {
            var present = data.Assignments.Select(a => (a.UserId, a.ContentId, a.Kind)).ToHashSet();
            var stored = await db.Assignments.Select(a => new { a.UserId, a.ContentId, a.Kind }).ToListAsync(cancellationToken);
            var gone = stored.Where(a => !present.Contains((a.UserId, a.ContentId, a.Kind))).ToList();
            foreach (var group in gone.GroupBy(a => (a.ContentId, a.Kind)))
            {
                foreach (var batch in group.Select(a => a.UserId).Chunk(Batch))
                {
                    var ids = batch.ToList();
                    string content = group.Key.ContentId;
                    var kind = group.Key.Kind;
                    await db.Assignments.Where(a => a.ContentId == content && a.Kind == kind && ids.Contains(a.UserId)).ExecuteDeleteAsync(cancellationToken);
                }
            }
            removed["assignments"] = gone.Count;
        }

        if (data.Describes("completions", data.Completions.Count))
        {
            var present = data.Completions.Select(c => (c.UserId, c.ContentId)).ToHashSet();
            var stored = await db.Completions.Select(c => new { c.UserId, c.ContentId }).ToListAsync(cancellationToken);
            var gone = stored.Where(c => !present.Contains((c.UserId, c.ContentId))).ToList();
            foreach (var group in gone.GroupBy(c => c.ContentId))
            {
                foreach (var batch in group.Select(c => c.UserId).Chunk(Batch))
                {
                    var ids = batch.ToList();
                    string content = group.Key;
                    await db.Completions.Where(c => c.ContentId == content && ids.Contains(c.UserId)).ExecuteDeleteAsync(cancellationToken);
                }
            }
            removed["completions"] = gone.Count;
        }
    }

    private static DirectoryUser CopyScalars(DirectoryUser u) => new()
    {
        Id = u.Id, FirstName = u.FirstName, LastName = u.LastName, Email = u.Email, Phone = u.Phone, Locale = u.Locale, TimeZone = u.TimeZone,
        IsActive = u.IsActive, RemovedAt = null, ManagerId = u.ManagerId, HrPartnerId = u.HrPartnerId, OrgUnitId = u.OrgUnitId, OrgUnitPath = u.OrgUnitPath,
        Country = u.Country, Department = u.Department, JobTitle = u.JobTitle, HireDate = u.HireDate,
    };

    private static Completion NormalizeTimes(Completion c) => new()
    {
        UserId = c.UserId, ContentId = c.ContentId,
        CompletedAt = c.CompletedAt.Kind == DateTimeKind.Utc ? c.CompletedAt : c.CompletedAt.ToUniversalTime(),
        ExpiresAt = c.ExpiresAt is { } e ? (e.Kind == DateTimeKind.Utc ? e : e.ToUniversalTime()) : null,
    };

    private static async Task UpsertAsync<T>(WorkflowDbContext db, string table, IReadOnlyList<T> rows, Func<T, string> key,
        Func<List<string>, IQueryable<T>> existingFor, Func<T, string> lookup, Dictionary<string, int> inserted, Dictionary<string, int> updated,
        CancellationToken cancellationToken) where T : class
    {
        int added = 0, changed = 0;
        // The last row with a key wins, as a later CSV line would.
        var distinct = rows.GroupBy(key).Select(g => g.Last()).ToList();
        foreach (var batch in distinct.Chunk(Batch))
        {
            var lookups = batch.Select(lookup).Distinct().ToList();
            var existing = (await existingFor(lookups).ToListAsync(cancellationToken)).ToDictionary(key);
            foreach (var row in batch)
            {
                if (existing.TryGetValue(key(row), out var stored))
                {
                    var entry = db.Entry(stored);
                    entry.CurrentValues.SetValues(row);
                    if (entry.State == EntityState.Modified) changed++;
                }
                else
                {
                    db.Add(row);
                    added++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        inserted[table] = added;
        updated[table] = changed;
    }

    /// <summary>Paths of all units ("/root/emea/fi/"); a unit whose parent is unknown is a root. Walks up
    /// without recursion, so a deep tree gets its whole path; a cycle (refused at import, so only in a
    /// tree stored before cycles were refused) ends the walk as if at a root.</summary>
    internal static Dictionary<string, string> ComputePaths(IEnumerable<OrgUnit> units)
    {
        var byId = units.ToDictionary(u => u.Id);
        var paths = new Dictionary<string, string>();
        foreach (var id in byId.Keys)
        {
            var chain = new List<string>();
            var seen = new HashSet<string>();
            string? at = id;
            while (at is not null && !paths.ContainsKey(at) && byId.TryGetValue(at, out var unit) && seen.Add(at))
            {
                chain.Add(at);
                at = unit.ParentId;
            }
            string path = at is not null && paths.TryGetValue(at, out var known) ? known : "/";
            for (int i = chain.Count - 1; i >= 0; i--) paths[chain[i]] = path += chain[i] + "/";
        }
        return paths;
    }
}
