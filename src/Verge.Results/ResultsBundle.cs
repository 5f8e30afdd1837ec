using System.Text;
using System.Text.Json;
using Verge.Core.Errors;
using Verge.Core.Files;

namespace Verge.Results;

/// <summary>
/// Moves records between machines: a bundle is a JSON file (readable, diffable) or a SQLite store (a .db), chosen
/// by the file's extension when written and by its content when read. Rows keep their uid, so importing a bundle
/// twice, or a bundle that overlaps the store, adds each record once.
/// </summary>
public static class ResultsBundle
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The bundle's format version; a reader refuses a newer one.</summary>
    public const int Version = 1;

    private sealed record Document(string Format, int Version, IReadOnlyList<ResultRecord> Records);

    public static bool IsSqlite(string path) => path.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> (.db: a store; otherwise JSON).</summary>
    public static void Write(IReadOnlyList<ResultRecord> records, string path)
    {
        if (IsSqlite(path))
        {
            if (File.Exists(path))
                throw new InputException($"'{path}' exists; export writes a new bundle, so give another file or delete it first");
            using var store = ResultsStore.Open(path);
            store.AppendAll(records);
            return;
        }
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Document("verge-results", Version, records), Json) + "\n", "results bundle to");
    }

    /// <summary>Reads the records of a bundle written by <see cref="Write"/> (either format).</summary>
    public static IReadOnlyList<ResultRecord> Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"results bundle '{path}' does not exist; give the file 'verge results export' wrote");
        if (LooksLikeSqlite(path))
        {
            using var store = ResultsStore.Open(path);
            return store.Query().Select(r => r with { Id = 0 }).ToList();
        }
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InputException($"results bundle '{path}' is not valid JSON ({e.Message.Split('.')[0]}); give a file 'verge results export' wrote");
        }
        if (doc is null || doc.Format != "verge-results" || doc.Records is null)
            throw new InputException($"'{path}' is not a Verge results bundle; give a file 'verge results export' wrote");
        if (doc.Version > Version)
            throw new InputException($"results bundle '{path}' has version {doc.Version}, newer than this Verge's {Version}; update Verge");
        return doc.Records;
    }

    private static bool LooksLikeSqlite(string path)
    {
        var header = new byte[16];
        using var stream = File.OpenRead(path);
        return stream.Read(header) == 16 && Encoding.ASCII.GetString(header) == "SQLite format 3\0";
    }
}
