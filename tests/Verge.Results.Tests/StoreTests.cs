using Microsoft.Data.Sqlite;
using Verge.Core.Errors;

namespace Verge.Results.Tests;

public sealed class StoreTests
{
    [Theory]
    [InlineData("bundle.json")]
    [InlineData("bundle.db")]
    public void ExportThenImportIntoAnEmptyStoreGivesIdenticalRows(string bundle)
    {
        using var tiny = new Tiny();
        var written = new[] { Tiny.Record("vm"), Tiny.Record("board", "run", 7.25), Tiny.Record("vm", "profile") with { Profile = """{"model":"m"}""", Scenario = null, Model = null } };
        using (var store = ResultsStore.Open(tiny.Db))
            Assert.Equal(3, store.AppendAll(written));

        var path = Path.Combine(tiny.Dir, bundle);
        using (var store = ResultsStore.Open(tiny.Db)) ResultsBundle.Write(store.Query(), path);
        var other = Path.Combine(tiny.Dir, "other.db");
        using (var store = ResultsStore.Open(other)) Assert.Equal(3, store.AppendAll(ResultsBundle.Read(path)));

        using var a = ResultsStore.Open(tiny.Db);
        using var b = ResultsStore.Open(other);
        Assert.Equal(a.Query(), b.Query()); // records compare by value, ids included (an empty store numbers them alike)
        Assert.Equal(0, b.AppendAll(ResultsBundle.Read(path))); // a bundle imported twice adds nothing
    }

    [Fact]
    public void QueryFiltersBySystemAndCommitPrefix()
    {
        using var tiny = new Tiny();
        using var store = ResultsStore.Open(tiny.Db);
        store.AppendAll([Tiny.Record("vm"), Tiny.Record("board"), Tiny.Record("board", commit: "ffff00")]);
        Assert.Equal(2, store.Query(new Dictionary<string, string> { ["system_name"] = "board" }).Count);
        Assert.Single(store.Query(new Dictionary<string, string> { ["commit_id"] = "ffff" }));
        Assert.Single(store.Query(last: 1));
    }

    [Fact]
    public void ADamagedOrForeignFileIsAnInputError()
    {
        using var tiny = new Tiny();
        var damaged = Path.Combine(tiny.Dir, "damaged.db");
        File.WriteAllText(damaged, "this is not a database, it is a sentence long enough to fill a header");
        Assert.Contains("damaged", Assert.Throws<InputException>(() => ResultsStore.Open(damaged)).Message);

        var foreign = Path.Combine(tiny.Dir, "foreign.db");
        using (var db = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE songs(title TEXT)";
            create.ExecuteNonQuery();
        }
        Assert.Contains("another program", Assert.Throws<InputException>(() => ResultsStore.Open(foreign)).Message);
    }

    [Fact]
    public void AStoreOfANewerSchemaIsRefused()
    {
        using var tiny = new Tiny();
        using (ResultsStore.Open(tiny.Db)) { }
        using (var db = new SqliteConnection($"Data Source={tiny.Db};Pooling=False"))
        {
            db.Open();
            using var bump = db.CreateCommand();
            bump.CommandText = "PRAGMA user_version = 99";
            bump.ExecuteNonQuery();
        }
        Assert.Contains("newer", Assert.Throws<InputException>(() => ResultsStore.Open(tiny.Db)).Message);
    }

    [Fact]
    public void ComparisonPutsTwoSystemsSideBySide()
    {
        using var tiny = new Tiny();
        using var store = ResultsStore.Open(tiny.Db);
        store.AppendAll([Tiny.Record("vm", p90: 2), Tiny.Record("board", p90: 8), Tiny.Record("board", "train")]);
        var rows = ResultsComparison.Compare(store, "system_name", "vm", "board");
        var p90 = Assert.Single(rows, r => r.Metric == "p90_ms");
        Assert.Equal((2.0, 8.0, 4.0), (p90.A, p90.B, p90.Ratio));
        Assert.DoesNotContain(rows, r => r.Command == "train"); // measured on one side only
    }
}
