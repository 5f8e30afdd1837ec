using System.Text.Json;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge bench codecs` at toy size: the table against fp32, the page, the plot, each run's JSON, reuse.</summary>
public sealed class BenchCodecsCliTests
{
    [Fact]
    public void SweepWritesThePageThePlotAndEachRunThenReusesThem()
    {
        using var dir = new TempDir();
        string[] args =
        [
            "bench", "codecs", "--codecs", "stc:0.05,topk:0.05:q8+ef", "--rounds", "1,2", "--clients", "2", "--model", "mlp", "--test-limit", "200",
            "--threads", "1", "--runs", dir.File("runs"), "--doc", dir.File("codecs.md"), "--plot", dir.File("codecs.png"), "--json", dir.File("sweep.json"),
        ];
        var r = ChildProcess.RunVerge(args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var sweep = JsonDocument.Parse(File.ReadAllText(dir.File("sweep.json"))).RootElement;
        var rows = sweep.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["fp32", "fp32", "stc:0.05", "stc:0.05", "topk:0.05:q8+ef", "topk:0.05:q8+ef"], rows.Select(x => x.GetProperty("codec").GetString()));
        Assert.Equal(1.0, rows[1].GetProperty("reduction").GetDouble());
        Assert.True(rows[3].GetProperty("reduction").GetDouble() > 20, "stc at 5% sends over 20× fewer bytes than fp32");
        foreach (var name in new[] { "fp32.json", "stc_0.05.json", "topk_0.05_q8+ef.json" })
            Assert.Equal(2, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("runs"), name))).RootElement.GetProperty("rounds").GetArrayLength());
        var page = File.ReadAllText(dir.File("codecs.md"));
        Assert.Contains("verge fl simulate --clients 2 --strategy fedavg --codec stc:0.05 --alpha 0.5 --rounds 2 --model mlp --test-limit 200", page);
        Assert.Contains("NOT reached", page);
        Assert.Equal((byte)'P', File.ReadAllBytes(dir.File("codecs.png"))[1]);

        var again = ChildProcess.RunVerge([.. args, "--reuse"]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(rows.Select(x => x.GetProperty("test_acc").GetDouble()),
            JsonDocument.Parse(File.ReadAllText(dir.File("sweep.json"))).RootElement.GetProperty("rows").EnumerateArray().Select(x => x.GetProperty("test_acc").GetDouble()));
        Assert.Equal(3, JsonDocument.Parse(File.ReadAllText(dir.File("sweep.json"))).RootElement.GetProperty("reused").GetArrayLength());
    }

    [Theory]
    [InlineData("--codecs", "zip", "verge: codec 'zip' is not understood; use ")]
    [InlineData("--rounds", "10,x", "verge: --rounds 'x' is not a round count in 1..100000; give e.g. 10,20,30")]
    [InlineData("--codecs", "stc:0.01+ef", "verge: codec 'stc:0.01+ef': +ef only applies to lossy codecs without their own accumulation (qK, topk)")]
    public void BadFlagsAreOneLineUsageErrors(string flag, string value, string start)
    {
        var r = ChildProcess.RunVerge("bench", "codecs", flag, value);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(start, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd().Split('\n'));
    }
}
