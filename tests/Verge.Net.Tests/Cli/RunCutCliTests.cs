using System.Text.Json;

namespace Verge.Net.Tests.Cli;

/// <summary>
/// `verge run --cut ID`: the split pinned where a model was trained to be cut (a noisily trained tail), even where no
/// planner would choose it; a cut the model does not have is one line, exit 2.
/// </summary>
public sealed class RunCutCliTests : IDisposable
{
    // LeNet-5's map after the first conv block, 6×14×14 fp32: what crosses at cut 3 (after MaxPool_0).
    private const long MapBytes = 4704;

    private readonly RunSpecFolder _dir = new("verge-run-cut-");

    public void Dispose() => _dir.Dispose();

    private string Spec() => _dir.LeNet5();

    [Fact]
    public async Task A_pinned_cut_runs_the_head_on_the_device_and_sends_the_map_at_that_cut()
    {
        var r = await ChildProcess.RunVergeAsync("run", Spec(), "--cut", "3", "--frames", "2", "--runs", "1", "--threads", "1", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var run = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal("neurosurgeon(edge)@3", run.GetProperty("plan").GetString());
        Assert.Equal(MapBytes, run.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
        Assert.True(run.GetProperty("outputs_match").GetBoolean());
        Assert.Empty(run.GetProperty("replans").EnumerateArray());
    }

    [Theory]
    [InlineData("verge: --cut 13 is not a cut of zoo:lenet5; give one of 0..12 (see 'verge cuts zoo:lenet5')", "--cut", "13")]
    [InlineData("verge: --cut and --plan both choose the plan; give one of them", "--cut", "3", "--plan", "edge-only")]
    public async Task A_cut_the_model_does_not_have_is_one_line_exit_two(string line, params string[] args)
    {
        var r = await ChildProcess.RunVergeAsync(["run", Spec(), .. args, "--frames", "1", "--runs", "1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(line, r.Stderr.Trim());
    }
}
