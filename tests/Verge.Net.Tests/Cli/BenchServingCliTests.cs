using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>
/// `verge bench serving` in a tiny configuration (about a second a run): every scenario and variant is measured and
/// reported, the acceptance figures are listed, and the Markdown page and PNG are written. No timing is asserted.
/// </summary>
public sealed class BenchServingCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verge-bench-serving-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Reports_every_scenario_the_acceptance_figures_and_the_soak()
    {
        string markdown = Path.Combine(_dir, "serving.md"), plot = Path.Combine(_dir, "serving.png");
        var r = await ChildProcess.RunVergeAsync(300, "bench", "serving", "--model", "zoo:lenet5", "--overload-model", "zoo:lenet5", "--streams-model", "zoo:lenet5", "--clients", "4", "--seconds", "1", "--warmup-seconds", "0.2",
            "--streams", "3", "--soak-streams", "6", "--soak-seconds", "1.5", "--json", "-", "--doc", markdown, "--plot", plot);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.StartsWith("verge bench serving --model zoo:lenet5 --overload-model zoo:lenet5 --streams-model zoo:lenet5", root.GetProperty("command").GetString());
        Assert.Contains("cores", root.GetProperty("host").GetString());
        var report = root.GetProperty("report");
        Assert.Equal("lenet5", report.GetProperty("model").GetString());
        Assert.Equal("lenet5", report.GetProperty("overload_model").GetString());
        Assert.Equal("lenet5", report.GetProperty("streams_model").GetString());
        var runs = report.GetProperty("runs").EnumerateArray()
            .Select(x => (x.GetProperty("scenario").GetString(), x.GetProperty("variant").GetString())).ToList();
        Assert.Equal([("batching", "off"), ("batching", "on"), ("overload", "fifo"), ("overload", "edf+admission"),
            ("streams", "fifo"), ("streams", "latest-only"), ("soak", "latest-only")], runs);
        foreach (var run in report.GetProperty("runs").EnumerateArray())
        {
            var load = run.GetProperty("report");
            foreach (var key in new[] { "throughput_rps", "p50_ms", "p99_ms", "queue_ms", "compute_ms", "rejected", "deadline_misses", "goodput_rps", "mean_aoi_ms", "errors" })
                Assert.True(load.TryGetProperty(key, out _), key);
            Assert.True(run.TryGetProperty("miss_rate", out _));
            Assert.True(run.TryGetProperty("runs_by_batch_size", out _));
        }
        foreach (var key in new[] { "capacity_rps", "overload_rate_rps", "deadline_ms", "streams_capacity_rps", "streams_rate_rps" })
            Assert.True(report.GetProperty(key).GetDouble() > 0, key);

        var soak = report.GetProperty("soak");
        Assert.Equal(6, soak.GetProperty("streams").GetInt32());
        Assert.True(soak.GetProperty("peak_rss_mb").GetDouble() > 0);
        Assert.True(soak.GetProperty("peak_heap_mb").GetDouble() > 0);
        Assert.True(soak.TryGetProperty("growth", out _));
        Assert.NotEqual(JsonValueKind.Null, report.GetProperty("dashboard").ValueKind);

        var acceptance = report.GetProperty("acceptance").EnumerateArray().ToList();
        Assert.Equal(7, acceptance.Count);
        Assert.All(acceptance, a =>
        {
            foreach (var key in new[] { "name", "measured", "target" }) Assert.False(string.IsNullOrEmpty(a.GetProperty(key).GetString()), key);
            Assert.True(a.GetProperty("met").ValueKind is JsonValueKind.True or JsonValueKind.False);
        });

        var page = await File.ReadAllTextAsync(markdown);
        Assert.Contains("verge bench serving --model zoo:lenet5 --overload-model zoo:lenet5 --streams-model zoo:lenet5 --clients 4", page);
        foreach (var section in new[] { "## Acceptance (issue 11)", "## Runs", "## Soak", "## Dashboard check", "| batching | on |", "| soak | latest-only |" })
            Assert.Contains(section, page);
        var png = await File.ReadAllBytesAsync(plot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
