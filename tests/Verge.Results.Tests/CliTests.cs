using System.Text.Json;
using Verge.Cli;

namespace Verge.Results.Tests;

/// <summary>The CLI end to end, in process, against a temporary store (--db).</summary>
[Collection(InProcessCli.Name)]
public sealed class CliTests
{
    [Fact]
    public async Task AnUnderLengthRunIsInvalidAndRecorded()
    {
        using var tiny = new Tiny();
        var json = Path.Combine(tiny.Dir, "infer.json");
        // single-stream is the default scenario: the record names it all the same.
        Assert.Equal(0, await CliHost.RunAsync(["bench", "infer", tiny.Model, "--queries", "3", "--min-queries", "10",
            "--min-duration", "0.001", "--warmup", "1", "--threads", "1", "--json", json, "--db", tiny.Db]));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("single-stream", doc.RootElement.GetProperty("scenario").GetString());
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(3, doc.RootElement.GetProperty("queries").GetInt32());
        Assert.Contains("fewer than the minimum 10", doc.RootElement.GetProperty("reason").GetString());
        Assert.True(doc.RootElement.GetProperty("p90_ms").GetDouble() > 0);

        using var store = ResultsStore.Open(tiny.Db);
        var record = Assert.Single(store.Query());
        Assert.Equal(("bench infer", "single-stream", "cpu"), (record.Command, record.Scenario, record.System.Provider));
        Assert.Equal(64, record.Model!.Sha256!.Length);
        Assert.Contains("\"valid\": false", record.Metrics);
    }

    [Theory]
    [InlineData("offline", "throughput_ips")]
    [InlineData("server", "max_qps")]
    public async Task ScenariosThatMeetTheirMinimumsAreValid(string scenario, string metric)
    {
        using var tiny = new Tiny();
        var json = Path.Combine(tiny.Dir, "infer.json");
        // A bound of a minute: the verdict rests on the minimums, not on how busy the host is.
        Assert.Equal(0, await CliHost.RunAsync(["bench", "infer", tiny.Model, "--scenario", scenario, "--min-queries", "20", "--min-duration", "0.001",
            "--latency-bound-ms", "60000", "--search-steps", "2", "--warmup", "1", "--threads", "1", "--json", json, "--no-record"]));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean(), doc.RootElement.GetProperty("reason").GetString());
        Assert.True(doc.RootElement.GetProperty(metric).GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("queries").GetInt32() >= 20);
        Assert.False(File.Exists(tiny.Db));
    }

    [Fact]
    public async Task CudaOnACpuBuildIsAOneLineInputError()
    {
        using var tiny = new Tiny();
        var error = new StringWriter();
        var old = Console.Error;
        int exit;
        try
        {
            Console.SetError(error);
            exit = await CliHost.RunAsync(["bench", "infer", tiny.Model, "--ep", "cuda", "--queries", "1", "--db", tiny.Db]);
        }
        finally
        {
            Console.SetError(old);
        }
        Assert.Equal(3, exit);
        Assert.Contains("cuda is not in this ONNX Runtime build", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    [Fact]
    public async Task ADamagedStoreFailsBeforeTheCommandRuns()
    {
        using var tiny = new Tiny();
        File.WriteAllText(tiny.Db, "not a database at all, but long enough to be read as a header");
        Assert.Equal(3, await CliHost.RunAsync(["bench", "infer", tiny.Model, "--queries", "1", "--db", tiny.Db]));
        Assert.Equal(3, await CliHost.RunAsync(["results", "list", "--db", tiny.Db]));
    }

    [Fact]
    public async Task ResultsCommandsListCompareExportAndImport()
    {
        using var tiny = new Tiny();
        using (var store = ResultsStore.Open(tiny.Db)) store.AppendAll([Tiny.Record("vm", p90: 2), Tiny.Record("board", p90: 6)]);
        var compared = Path.Combine(tiny.Dir, "compare.json");
        Assert.Equal(0, await CliHost.RunAsync(["results", "compare", "vm", "board", "--db", tiny.Db, "--json", compared]));
        Assert.Contains("\"ratio\": 3", File.ReadAllText(compared));
        Assert.Equal(3, await CliHost.RunAsync(["results", "compare", "vm", "phone", "--db", tiny.Db]));

        var bundle = Path.Combine(tiny.Dir, "bundle.json");
        var empty = Path.Combine(tiny.Dir, "empty.db");
        Assert.Equal(0, await CliHost.RunAsync(["results", "export", bundle, "--system", "board", "--db", tiny.Db]));
        Assert.Equal(0, await CliHost.RunAsync(["results", "import", bundle, "--db", empty]));
        using var imported = ResultsStore.Open(empty);
        Assert.Equal("board", Assert.Single(imported.Query()).System.Name);
        Assert.Equal(0, await CliHost.RunAsync(["results", "plot", "p90_ms", "--plot", Path.Combine(tiny.Dir, "p.png"), "--db", tiny.Db]));
        Assert.True(new FileInfo(Path.Combine(tiny.Dir, "p.png")).Length > 0);
    }
}
