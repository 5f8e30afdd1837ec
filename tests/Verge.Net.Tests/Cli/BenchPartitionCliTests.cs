using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>`verge bench partition`: device-only, edge-only and the best split measured on Neurosurgeon's three uplinks.</summary>
public sealed class BenchPartitionCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verge-bench-partition-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task MeasuresEveryPlacementOnThreeUplinksAndWritesTheTableAndPlot()
    {
        string markdown = Path.Combine(_dir, "partition.md"), plot = Path.Combine(_dir, "partition.png");
        var r = await ChildProcess.RunVergeAsync("bench", "partition", "--model", "zoo:lenet5", "--speeds", "0.5", "--frames", "2", "--runs", "2",
            "--threads", "1", "--json", "-", "--markdown", markdown, "--plot", plot);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var cells = JsonDocument.Parse(r.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["3G", "LTE", "Wi-Fi"], cells.Select(c => c.GetProperty("network").GetString()));
        Assert.Equal([1.1, 5.85, 18.88], cells.Select(c => c.GetProperty("mbps").GetDouble()));
        foreach (var cell in cells)
        {
            Assert.Equal("zoo:lenet5", cell.GetProperty("model").GetString());
            var runs = cell.GetProperty("runs").EnumerateArray().ToDictionary(x => x.GetProperty("plan").GetString()!);
            Assert.Subset(runs.Keys.ToHashSet(), new HashSet<string> { "best split", "device-only", "edge-only" });
            Assert.All(runs.Values, x => Assert.True(x.GetProperty("outputs_match").GetBoolean()));
            Assert.Equal(0, runs["device-only"].GetProperty("uplink_bytes").GetInt64());
            Assert.Equal(3136, runs["edge-only"].GetProperty("uplink_bytes").GetInt64());
            // A split sends a layer's output, which for LeNet-5 past its first pooling is smaller than the image.
            Assert.InRange(runs["best split"].GetProperty("uplink_bytes").GetInt64(), 1, 3135);
            Assert.Contains(cell.GetProperty("chosen").GetString(), runs.Keys);
            // Regret: how much slower the planner's choice measured than the fastest plan measured in this cell.
            double Measured(JsonElement x) => x.GetProperty("measured_p50_ms").GetDouble();
            double regret = Measured(runs[cell.GetProperty("chosen").GetString()!]) / runs.Values.Min(Measured) - 1;
            // (the JSON rounds each p50 to 0.01 ms, up to 10 % of a 0.05 ms device-only run)
            double reported = cell.GetProperty("choice_regret").GetDouble();
            Assert.True(Math.Abs(reported - regret) <= 0.1 * (1 + regret) + 0.01, $"regret {reported} vs {regret:F3} from the measured p50s");
        }
        var table = await File.ReadAllTextAsync(markdown);
        Assert.Contains("verge bench partition --model zoo:lenet5 --speeds 0.5", table);
        Assert.Contains("| `zoo:lenet5` | 3G | 0.5 |", table);
        var png = await File.ReadAllBytesAsync(plot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
