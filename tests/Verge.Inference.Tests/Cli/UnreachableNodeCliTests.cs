using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>A node given by URL that nobody answers is the user's input: one line before the first frame, exit 3.</summary>
public sealed class UnreachableNodeCliTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("edge-only")]
    public void RunWithADeadEdgeUrlIsOneLineExit3(string? plan)
    {
        using var dir = new TempDir();
        var url = $"http://127.0.0.1:{FreePort.Pick()}";
        var spec = Path.Combine(Planning.DeploymentSpecTests.RepoRoot(), "examples", "lenet5.yaml");
        string[] args = plan is null
            ? ["run", spec, "--frames", "2", "--runs", "1", "--edge", url]
            : ["run", spec, "--frames", "2", "--runs", "1", "--plan", plan, "--edge", url];

        var r = ChildProcess.RunVergeIn(dir.Path, new Dictionary<string, string?> { ["VERGE_CACHE"] = dir.File("cache") }, args);

        Assert.Equal(3, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("verge: profiling", StringComparison.Ordinal));
        Assert.Equal($"verge: cannot reach the edge node 'edge' at {url} (Connection refused); is verge serve running there?", line);
        Assert.DoesNotContain("measured", r.Stdout); // no frame ran: no results table
    }
}
