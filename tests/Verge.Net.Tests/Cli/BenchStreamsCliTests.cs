using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>`verge bench streams` in a tiny configuration: the issue's JSON keys, the acceptance list, the page and the
/// PNG. No figure is asserted here (the studies' own tests do that).</summary>
public sealed class BenchStreamsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verge-bench-streams-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Writes_the_issue_keys_the_acceptance_list_the_page_and_the_plot()
    {
        string markdown = Path.Combine(_dir, "streams.md"), plot = Path.Combine(_dir, "streams.png");
        // A page from an earlier run with notes written by hand below the marker: the re-run must keep them.
        await File.WriteAllTextAsync(markdown, "# old page\n\n<!-- end of the generated page: notes below this line are written by hand and kept by re-runs -->\n\n## Notes\n\n- kept by hand\n");
        var r = await ChildProcess.RunVergeAsync(300, "bench", "streams", "--frames", "200", "--streams", "4", "--profile-frames", "100", "--windows", "3",
            "--variants", "zoo:mlp,zoo:lenet5", "--train-limit", "300", "--backbone-epochs", "1", "--head-epochs", "1", "--timed-frames", "16", "--precog-frames", "200",
            "--json", "-", "--doc", markdown, "--plot", plot);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var root = JsonDocument.Parse(r.Stdout).RootElement;
        var keys = new Dictionary<string, string[]>
        {
            ["change_detection"] = ["offloaded_fraction", "accuracy", "accuracy_every_frame"],
            ["allocation"] = ["streams", "mean_accuracy", "uniform_mean_accuracy"],
            ["stems"] = ["fps_shared", "fps_separate", "max_accuracy_drop"],
            ["precog"] = ["local_fraction", "accuracy", "accuracy_offload"],
        };
        foreach (var (section, names) in keys)
            foreach (var name in names)
                Assert.True(root.GetProperty(section).TryGetProperty(name, out _), $"{section}.{name}");
        Assert.Equal(4, root.GetProperty("allocation").GetProperty("streams").GetInt32());
        Assert.Equal(4, root.GetProperty("acceptance").GetArrayLength());
        // The periodic scheduler's figure (what the acceptance reads) and its rows.
        var scheduler = root.GetProperty("allocation").GetProperty("scheduler");
        Assert.Equal(2, scheduler.GetProperty("scored_windows").GetInt32());
        Assert.True(scheduler.TryGetProperty("mean_accuracy", out _) && scheduler.TryGetProperty("uniform_mean_accuracy", out _));
        var page = await File.ReadAllTextAsync(markdown);
        Assert.Contains("verge bench streams --frames 200", page);
        Assert.Contains("## Precog", page);
        Assert.Contains("### Periodic re-profiling", page);
        Assert.DoesNotContain("# old page", page);
        Assert.EndsWith("## Notes\n\n- kept by hand\n", page.ReplaceLineEndings("\n"));
        Assert.True(page.IndexOf("## Precog", StringComparison.Ordinal) < page.IndexOf("- kept by hand", StringComparison.Ordinal));
        Assert.True(new FileInfo(plot).Length > 1000);
    }

    [Fact]
    public async Task A_bad_stream_count_is_a_usage_error()
    {
        var r = await ChildProcess.RunVergeAsync(60, "bench", "streams", "--streams", "4,x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--streams 'x'", r.Stderr);
        var one = await ChildProcess.RunVergeAsync(60, "bench", "streams", "--windows", "1");
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("--windows", one.Stderr);
    }
}
