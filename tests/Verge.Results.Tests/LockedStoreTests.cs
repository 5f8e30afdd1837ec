using Microsoft.Data.Sqlite;
using Verge.Core.Errors;

namespace Verge.Results.Tests;

public sealed class LockedStoreTests
{
    [Fact]
    public void AStoreLockedByAnotherWriterIsAnInputError()
    {
        using var tiny = new Tiny();
        using (ResultsStore.Open(tiny.Db)) { }
        using var other = new SqliteConnection($"Data Source={tiny.Db};Pooling=False");
        other.Open();
        using var lockIt = other.CreateCommand();
        lockIt.CommandText = "BEGIN EXCLUSIVE";
        lockIt.ExecuteNonQuery();
        var error = Assert.Throws<InputException>(() =>
        {
            using var store = ResultsStore.Open(tiny.Db, TimeSpan.FromMilliseconds(50));
            store.Append(Tiny.Record("vm"));
        });
        Assert.Contains("locked", error.Message);
    }

    [Fact]
    public void WritersOpeningOneNewStoreAtOnceAllGetIt()
    {
        // Tests and benches record into one store from several processes: each finds the new file empty, and only
        // one may create the table (was "table records already exists" for the others).
        const int writers = 6;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var tiny = new Tiny();
            using var start = new Barrier(writers);
            var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var threads = Enumerable.Range(0, writers).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    using var store = ResultsStore.Open(tiny.Db);
                    store.Append(Tiny.Record($"vm{i}"));
                }
                catch (Exception e) { errors.Add(e); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Empty(errors);
            using var read = ResultsStore.Open(tiny.Db);
            Assert.Equal(writers, read.Query().Count);
        }
    }
}
