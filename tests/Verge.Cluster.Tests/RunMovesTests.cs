using System.Text.Json;

namespace Verge.Cluster.Tests;

/// <summary>
/// `verge run` on a spec with <c>app.moves</c>, as real processes: a local cluster (redis-server and two clustered edge
/// servers) serves the device, whose session hands over to edge-b mid-stream; every frame is answered once, with the
/// outputs of a run without the move.
/// </summary>
public sealed class RunMovesTests : IDisposable
{
    private readonly TempDir _dir = new("verge-moves-");
    private int _specs;

    private const string Nodes = """
        nodes:
          - { name: phone,  tier: device, speed: 0.005 }
          - { name: edge-a, tier: edge,   speed: 1.0 }
          - { name: edge-b, tier: edge,   speed: 1.0 }
        links:
          - { from: phone, to: edge-a, bandwidth: 50Mbps, rtt: 2ms }
          - { from: phone, to: edge-b, bandwidth: 50Mbps, rtt: 2ms }
        """;

    private string Spec(string moves) => SpecFile($"""
        app:
          model: zoo:lenet5
          input: random
        {moves}
        {Nodes}
        """);

    [Fact]
    public async Task A_moving_device_hands_over_mid_stream_and_every_frame_matches_a_run_without_the_move()
    {
        var dir = Path.GetDirectoryName(Spec(""))!;
        var moving = Spec("  moves: [{ after_frames: 20, edge: edge-b }]");
        var still = Spec("");
        string movingJson = Path.Combine(dir, "moving.json"), stillJson = Path.Combine(dir, "still.json");

        var run = await ChildProcess.RunVergeAsync(300, "run", moving, "--frames", "60", "--plan", "edge-only", "--runs", "2", "--json", movingJson);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var baseline = await ChildProcess.RunVergeAsync(300, "run", still, "--frames", "60", "--plan", "edge-only", "--runs", "2", "--no-adapt", "--json", stillJson);
        Assert.True(baseline.ExitCode == 0, baseline.Stderr);

        using var m = JsonDocument.Parse(File.ReadAllText(movingJson));
        using var s = JsonDocument.Parse(File.ReadAllText(stillJson));
        // The run without the move matches the whole model exactly; so does every frame of the moving run.
        Assert.True(s.RootElement.GetProperty("outputs_match").GetBoolean());
        Assert.Equal(0, m.RootElement.GetProperty("max_rel_diff").GetDouble());
        Assert.True(m.RootElement.GetProperty("all_top1_agree").GetBoolean());
        var frames = m.RootElement.GetProperty("per_frame").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 60), frames.Select(f => f.GetProperty("frame").GetInt32()));
        Assert.All(frames, f => Assert.False(f.GetProperty("repeated").GetBoolean()));
        Assert.Equal(0, m.RootElement.GetProperty("frames_computed_twice").GetInt32());

        var handover = Assert.Single(m.RootElement.GetProperty("handovers").EnumerateArray());
        Assert.Equal("edge-a", handover.GetProperty("from").GetString());
        Assert.Equal("edge-b", handover.GetProperty("silo").GetString());
        Assert.True(handover.GetProperty("handover_ms").GetDouble() > 0);
        var first = handover.GetProperty("first_frame").GetInt32();
        Assert.Equal(20 + handover.GetProperty("frames_affected").GetInt32(), first);
        // Before the move edge-a answers; from the first frame after the handover, edge-b does.
        Assert.All(frames.Take(20), f => Assert.Equal("edge-a", f.GetProperty("silo").GetString()));
        Assert.All(frames.Skip(first), f => Assert.Equal(("edge-b", "edge-b"), (f.GetProperty("edge").GetString(), f.GetProperty("silo").GetString())));
    }

    [Theory]
    [InlineData("  moves: [{ after_frames: 20, edge: edge-c }]", "", "app.moves[0].edge: 'edge-c' is not an edge node")]
    [InlineData("  moves: [{ after_frames: 20, edge: edge-b }]", "--edge edge-c=http://127.0.0.1:1", "'edge-c' is not an edge node")]
    [InlineData("  moves: [{ after_frames: 20, edge: edge-b }]", "--edge edge-a=http://127.0.0.1:1", "gives no URL for edge node 'edge-b'")]
    [InlineData("  moves: [{ after_frames: 20, edge: edge-b }]", "--edge http://127.0.0.1:1", "is not of the form NODE=http://HOST:PORT")]
    [InlineData("  moves: [{ after_frames: 20, edge: edge-b }]", "--edge edge-a=http://127.0.0.1:1 --edge edge-b=http://127.0.0.1:1", "cannot reach edge server 'edge-a'")]
    public async Task A_spec_or_cluster_verge_run_cannot_move_on_is_refused_in_one_line(string moves, string flags, string expected)
    {
        string[] extra = flags.Length == 0 ? [] : flags.Split(' ');
        var run = await ChildProcess.RunVergeAsync(300, ["run", Spec(moves), "--frames", "5", "--plan", "edge-only", "--runs", "1", .. extra]);
        Assert.Equal(expected.Contains("cannot reach") || expected.StartsWith("app.") ? 3 : 2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task A_move_on_a_spec_with_one_edge_node_is_refused_in_one_line()
    {
        var spec = SpecFile("""
            app:
              model: zoo:lenet5
              moves: [{ after_frames: 20, edge: edge-a }]
            nodes:
              - { name: phone,  tier: device, speed: 0.005 }
              - { name: edge-a, tier: edge,   speed: 1.0 }
            links:
              - { from: phone, to: edge-a, bandwidth: 50Mbps, rtt: 2ms }
            """);
        var run = await ChildProcess.RunVergeAsync(300, "run", spec, "--frames", "5");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("app.moves: needs at least two edge nodes to move between; the spec has 1", Assert.Single(run.Stderr.Trim().Split('\n')));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A spec file in a fresh folder of this test's scratch folder (its runs write their JSON beside it).</summary>
    private string SpecFile(string yaml)
    {
        var path = Path.Combine(Directory.CreateDirectory(_dir.File($"spec-{++_specs}")).FullName, "moves.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
