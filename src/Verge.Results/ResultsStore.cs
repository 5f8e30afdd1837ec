using System.Globalization;
using Microsoft.Data.Sqlite;
using Verge.Core.Errors;

namespace Verge.Results;

/// <summary>
/// The benchmark repository: one SQLite file of <see cref="ResultRecord"/>s, appended to by every measuring command
/// and read back by <c>verge results</c> and by plans that name a <c>results:SYSTEM</c> profile. A file that is not
/// a store, is damaged, or stays locked is one input error naming the file.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    private readonly SqliteConnection _db;

    private ResultsStore(SqliteConnection db, string path)
    {
        _db = db;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (creating it and its folder when missing) the store at <paramref name="path"/>.</summary>
    /// <param name="busyWait">How long to wait for another process's lock before giving up (default 5 s).</param>
    public static ResultsStore Open(string path, TimeSpan? busyWait = null)
    {
        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"results store '{path}' cannot be created ({e.Message}); give --db a writable file or pass --no-record");
        }
        // No pooling: a closed store releases its file at once (tests delete it, export copies it).
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 5 };
        var db = new SqliteConnection(builder.ToString());
        try
        {
            db.Open();
            using (var busy = db.CreateCommand())
            {
                busy.CommandText = $"PRAGMA busy_timeout = {(int)(busyWait ?? TimeSpan.FromSeconds(5)).TotalMilliseconds}";
                busy.ExecuteNonQuery();
            }
            Guard(path, () => StoreSchema.Ensure(db, path));
            return new ResultsStore(db, path);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Appends <paramref name="record"/> unless a row with its uid is already there; returns its id (0 when it was).</summary>
    public long Append(ResultRecord record) => Guard(Path, () => Insert(record));

    /// <summary>Appends every record in one transaction; returns how many were new.</summary>
    public int AppendAll(IEnumerable<ResultRecord> records) => Guard(Path, () =>
    {
        using var tx = _db.BeginTransaction();
        int added = records.Count(r => Insert(r) > 0);
        tx.Commit();
        return added;
    });

    /// <summary>Every record, oldest first; <paramref name="where"/> filters by exact column values (system_name, commit_id, command, model_name…).</summary>
    public IReadOnlyList<ResultRecord> Query(IReadOnlyDictionary<string, string>? where = null, int? last = null) => Guard(Path, () =>
    {
        using var command = _db.CreateCommand();
        var clauses = new List<string>();
        foreach (var (column, value) in where ?? new Dictionary<string, string>())
        {
            if (!RecordRows.Filterable.Contains(column))
                throw new ArgumentException($"'{column}' is not a filterable column", nameof(where));
            // Commits are matched by prefix, as git shows them abbreviated.
            clauses.Add(column == "commit_id" ? $"commit_id LIKE ${column} || '%'" : $"{column} = ${column}");
            command.Parameters.AddWithValue("$" + column, value);
        }
        var filter = clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
        command.CommandText = last is { } n
            ? $"SELECT * FROM (SELECT id, {StoreSchema.Columns} FROM records{filter} ORDER BY id DESC LIMIT {n}) ORDER BY id"
            : $"SELECT id, {StoreSchema.Columns} FROM records{filter} ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<ResultRecord>();
        while (reader.Read()) rows.Add(RecordRows.Read(reader));
        return rows;
    });

    /// <summary>The record with id <paramref name="id"/>, or null.</summary>
    public ResultRecord? Get(long id) => Guard(Path, () =>
    {
        using var command = _db.CreateCommand();
        command.CommandText = $"SELECT id, {StoreSchema.Columns} FROM records WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? RecordRows.Read(reader) : null;
    });

    public void Dispose() => _db.Dispose();

    private long Insert(ResultRecord record)
    {
        using var command = _db.CreateCommand();
        var names = StoreSchema.Columns.Split(", ");
        command.CommandText = $"INSERT OR IGNORE INTO records({StoreSchema.Columns}) VALUES ({string.Join(", ", names.Select(n => "$" + n))}); " +
                              "SELECT CASE WHEN changes() > 0 THEN last_insert_rowid() ELSE 0 END";
        foreach (var (name, value) in RecordRows.Values(record))
            command.Parameters.AddWithValue("$" + name, value ?? DBNull.Value);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="work"/>, turning SQLite's errors into one input error that names the file.</summary>
    internal static T Guard<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw new InputException(e.SqliteErrorCode switch
            {
                5 or 6 => $"results store '{path}' is locked by another process; retry when it is done or give --db another file",
                11 or 26 => $"results store '{path}' is damaged or not a database; give --db another file (or move this one away)",
                8 => $"results store '{path}' is read-only; give --db a writable file or pass --no-record",
                _ => $"results store '{path}' cannot be used ({e.Message.TrimEnd('.')}); give --db another file or pass --no-record",
            });
        }
    }

    internal static void Guard(string path, Action work) => Guard(path, () => { work(); return 0; });
}
