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
}
