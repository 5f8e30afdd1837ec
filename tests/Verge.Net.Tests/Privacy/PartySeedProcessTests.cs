using System.Text.Json.Nodes;
using Verge.Net.Tests.Cli;

namespace Verge.Net.Tests.Privacy;

/// <summary>
/// `--party-seed` across real processes: the command passes the seed to the parties it starts, each draws its own
/// stream, and two runs with the same seed give the same JSON but for timing fields (ms_*) — the largest errors, which
/// fresh share randomness moves by a few units of 2^-16, and he's key length included. A seeded run warns on stderr.
/// </summary>
public sealed class PartySeedProcessTests
{
    /// <summary>The run's JSON without its timing fields, and its stderr.</summary>
    private static async Task<(string Json, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ChildProcess.RunVergeAsync(300, [.. args, "--party-seed", "5", "--json", "-"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        foreach (var key in json.Select(p => p.Key).Where(k => k.StartsWith("ms_", StringComparison.Ordinal)).ToList()) json.Remove(key);
        return (json.ToJsonString(), result.Stderr);
    }

    [Theory]
    [InlineData("private-infer", "zoo:lenet5", "--frames", "3", "--batch", "2")]
    [InlineData("private-infer", "zoo:mlp", "--protocol", "he", "--key-bits", "256", "--frames", "3")]
    [InlineData("private-train", "--model", "logreg", "--train", "64", "--test", "20", "--epochs", "1", "--batch", "32")]
    public async Task TheSameSeedGivesTheSameRun(params string[] command)
    {
        var (once, stderr) = await RunAsync(command);
        var (again, _) = await RunAsync(command);
        Assert.Equal(once, again);
        var warning = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("verge: warning: --party-seed 5 ", warning);
        Assert.Contains("max_abs_", once);
    }
}
