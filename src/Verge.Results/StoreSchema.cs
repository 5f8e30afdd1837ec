using Microsoft.Data.Sqlite;
using Verge.Core.Errors;

namespace Verge.Results;

/// <summary>
/// The repository's one table and its version. A Verge store carries <see cref="ApplicationId"/> in SQLite's header
/// and <see cref="Version"/> in user_version, so another program's database, or one a newer Verge wrote, is refused
/// instead of altered.
/// </summary>
internal static class StoreSchema
{
    /// <summary>"VRGR" in SQLite's application_id header field.</summary>
    public const int ApplicationId = 0x56524752;

    /// <summary>Bumped with every change of the table; an older store is migrated forward, a newer one refused.</summary>
    public const int Version = 1;

    public const string Columns =
        "uid, time, command, command_line, commit_id, system_name, cpu, cores, memory_bytes, os, dotnet, onnxruntime, provider, " +
        "model_name, model_sha256, model_macs, model_params, scenario, settings, metrics, profile";

    private const string Create = """
        CREATE TABLE records(
          id INTEGER PRIMARY KEY,
          uid TEXT NOT NULL UNIQUE,
          time TEXT NOT NULL,
          command TEXT NOT NULL,
          command_line TEXT NOT NULL,
          commit_id TEXT NOT NULL,
          system_name TEXT NOT NULL,
          cpu TEXT NOT NULL,
          cores INTEGER NOT NULL,
          memory_bytes INTEGER NOT NULL,
          os TEXT NOT NULL,
          dotnet TEXT NOT NULL,
          onnxruntime TEXT NOT NULL,
          provider TEXT NOT NULL,
          model_name TEXT,
          model_sha256 TEXT,
          model_macs INTEGER,
          model_params INTEGER,
          scenario TEXT,
          settings TEXT NOT NULL,
          metrics TEXT NOT NULL,
          profile TEXT);
        CREATE INDEX records_by_system ON records(system_name, model_sha256, provider);
        """;

    /// <summary>Creates the table in an empty database, or checks that an existing one is a store this Verge reads.</summary>
    public static void Ensure(SqliteConnection db, string path)
    {
        if (Scalar(db, "SELECT count(*) FROM sqlite_master") == 0)
        {
            // BEGIN IMMEDIATE and a second look inside it: two processes that both found the file empty (tests and
            // benches record into one store at once) create the table once; the second finds it made.
            using var tx = db.BeginTransaction(deferred: false);
            bool created = Scalar(db, "SELECT count(*) FROM sqlite_master") == 0;
            if (created) Execute(db, Create + $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {Version};");
            tx.Commit();
            if (created) return;
        }
        long appId = Scalar(db, "PRAGMA application_id");
        long version = Scalar(db, "PRAGMA user_version");
        if (appId != ApplicationId)
            throw new InputException($"results store '{path}' is a database of another program; give --db a new file or a Verge results store");
        if (version > Version)
            throw new InputException($"results store '{path}' has schema version {version}, newer than this Verge's {Version}; update Verge or give --db another file");
    }

    public static long Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
