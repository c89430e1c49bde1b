using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>How EF Core's SQLite provider stores values, for the statements that write rows without EF
/// (the run engine's and the dispatcher's bulk writes): they must store exactly what EF would, or EF's
/// own queries (date comparisons, Guid keys) stop matching those rows.</summary>
internal static class SqliteValues
{
    /// <summary>Whether <paramref name="db"/> runs on SQLite.</summary>
    public static bool IsSqlite(DbContext db) => db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;

    /// <summary>A date as EF stores it on SQLite: <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text.</summary>
    public static string Text(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>A Guid as EF stores it on SQLite: upper-case text.</summary>
    public static string Text(Guid value) => value.ToString().ToUpperInvariant();
}
