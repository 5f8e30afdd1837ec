using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Hosting;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Execution;

/// <summary>Plans run for real: stages on in-process and child-process nodes over shaped loopback links.</summary>
public sealed class PlanRunnerTests
{
    private static DeploymentSpec Spec(string deviceLink, double deviceSpeed = 0.2) => DeploymentSpec.Parse($$"""
        app: { model: zoo:tiny-dag, input: random, objective: latency }
        nodes:
          - { name: phone, tier: device, speed: {{deviceSpeed}} }
          - { name: edge,  tier: edge,   speed: 1.0 }
          - { name: cloud, tier: cloud,  speed: 1.0 }
        links:
          - {{deviceLink}}
          - { from: edge, to: cloud, bandwidth: 100Mbps, rtt: 2ms }
        """, "test.yaml");

    private static (ModelGraph, ModelProfile) Model()
    {
        var graph = TestZoo.Load("zoo:tiny-dag");
        return (graph, new LayerProfiler(new ProfileOptions { Runs = 2, Warmup = 1, Threads = 1 }).Profile(graph));
    }

    private static Func<int, IReadOnlyList<FloatTensor>> Inputs(ModelGraph graph) => frame =>
    {
        var rng = new Random(frame);
        return graph.Inputs.Select(i => new FloatTensor(i.Name, i.Shape, Enumerable.Range(0, (int)i.Elements).Select(_ => rng.NextSingle()).ToArray())).ToList();
    };

    /// <summary>Reports each frame inline, so a test can act between two frames.</summary>
    private sealed class OnFrame(Action<FrameRecord> action) : IProgress<FrameRecord>
    {
        public void Report(FrameRecord value) => action(value);
    }

    [Theory]
    [InlineData(new[] { 0, 1 })]          // device head, edge tail
    [InlineData(new[] { 0, 1, 2 })]       // device → edge → cloud
    [InlineData(new[] { 1, 2 })]          // raw input to the edge, tail in the cloud
    [InlineData(new[] { 0, 2 })]          // device head, tail in the cloud through the edge's link
    public async Task SplitPlansRunAcrossRealNodesAndReproduceTheWholeModel(int[] sites)
    {
        var spec = Spec("{ from: phone, to: edge, bandwidth: 50Mbps, rtt: 2ms }");
        var (graph, profile) = Model();
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "edge" });
        await using var cloud = await NodeHost.StartAsync(new NodeHostOptions("cloud") { Name = "cloud" });
        var urls = new Dictionary<string, string> { ["edge"] = edge.Url, ["cloud"] = cloud.Url };
        var costs = new CostModel(new PlanningProblem(graph, profile, spec.Topology, PlanningOptions.From(spec.App)));
        var nodes = new[] { spec.Topology["phone"], spec.Topology["edge"], spec.Topology["cloud"] };
        // Cut tiny-dag into equal runs of nodes, one per site (cuts fall inside its residual and concat blocks).
        int n = graph.Nodes.Count;
        var stageOf = Enumerable.Range(0, n).Select(i => Math.Min(sites.Length - 1, i * sites.Length / n) + (sites[0] == 0 ? 0 : 1)).ToArray();
        var siteList = (sites[0] == 0 ? sites : [0, .. sites]).Select(i => nodes[i]).ToList();
        var plan = costs.Build("split", siteList, stageOf);

        var deployment = await PlanDeployment.StartAsync(graph, plan, spec.Topology, urls, new DeploymentOptions());
        using var reference = new StageSession(graph.ToBytes());
        for (int frame = 0; frame < 3; frame++)
        {
            var inputs = Inputs(graph)(frame);
            var result = await deployment.InferAsync(inputs);
            Assert.False(result.Fallback);
            Assert.Equal(string.Join("+", sites.Select(i => i == 0 ? "device" : nodes[i].Name)), result.ComputedAt);
            var expected = reference.Run(inputs)[0].Data;
            var actual = result.Outputs[0].Data;
            double scale = expected.Max(Math.Abs);
            Assert.All(expected.Zip(actual), p => Assert.InRange(Math.Abs(p.First - p.Second) / scale, 0, 1e-4));
            Assert.True(result.UplinkBytes > 0);
        }
        // Its stages have ids of their own (issue 17): done, the deployment frees them on their nodes.
        await deployment.DisposeAsync();
        Assert.Equal(0, edge.StageCount + cloud.StageCount);
    }

    [Fact]
    public async Task AKilledEdgeProcessLosesNoFrame()
    {
        var spec = Spec("{ from: phone, to: edge, bandwidth: 50Mbps, rtt: 2ms }");
        var (graph, profile) = Model();
        using var server = await ServeProcess.StartAsync("edge");
        var urls = new Dictionary<string, string> { ["edge"] = server.Url, ["cloud"] = server.Url };
        var runner = new PlanRunner(graph, profile, spec.Topology, PlanningOptions.From(spec.App), urls,
            new RunnerOptions { Frames = 10, Plan = "edge-only", Deployment = new DeploymentOptions { RetryEveryFrames = 100 } });

        var report = await runner.RunAsync(Inputs(graph), new OnFrame(f => { if (f.Frame == 3) server.Kill(); }));

        Assert.Equal(Enumerable.Range(0, 10), report.Frames.Select(f => f.Frame));
        // Before planning, the runner measured what a message costs the RPC stack on this edge and priced it into the
        // plan: a request and its reply each pay it on top of the link.
        Assert.True(report.Transport.FixedMs > 0, $"{report.Transport}");
        Assert.True(report.PredictedLatencyMs >= 2 * report.Transport.FixedMs, $"predicted {report.PredictedLatencyMs} ms, {report.Transport}");
        Assert.All(report.Frames.Take(4), f => Assert.Equal("edge", f.ComputedAt));
        Assert.All(report.Frames.Skip(4), f => Assert.Equal("device (fallback)", f.ComputedAt));
        Assert.All(report.Frames, f => Assert.InRange(f.MaxRelativeDifference, 0, 1e-4));
    }

    [Fact]
    public async Task ABandwidthDropMovesTheWorkBackToTheDeviceWithinFiveFrames()
    {
        // A very slow phone offloads while the link is fast; when it drops to 0.5 Mbit/s, sending 12 KB costs ~0.2 s,
        // far more than computing on the phone. The uplink probes run on a virtual clock that moves only by the shaped
        // delays, so each probe measures exactly the link of its frame, whatever else this host is doing.
        var spec = Spec("{ from: phone, to: edge, bandwidth: 20Mbps, rtt: 2ms, schedule: [{ after_frames: 8, bandwidth: 0.5Mbps, rtt: 2ms }] }", deviceSpeed: 0.01);
        var graph = TestZoo.Load("zoo:tiny-dag");
        // A fixed profile (10 µs a node) keeps the planner's trade-off independent of how busy this host is:
        // device-only ≈ 26 ms, edge-only ≈ 7 ms at 20 Mbit/s and ≈ 200 ms at 0.5 Mbit/s.
        var profile = new ModelProfile("zoo:tiny-dag", 1, 1, graph.Nodes.Count * 0.01, graph.Nodes.Count * 0.01,
            graph.Nodes.Select(n => new NodeTiming(n.Name, n.OpType, 0.01, n.OutputBytes)).ToList());
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "edge" });
        await using var cloud = await NodeHost.StartAsync(new NodeHostOptions("cloud") { Name = "cloud" });
        var urls = new Dictionary<string, string> { ["edge"] = edge.Url, ["cloud"] = cloud.Url };
        var runner = new PlanRunner(graph, profile, spec.Topology, PlanningOptions.From(spec.App), urls,
            // Transport calibration would time this host's RPC stack for real; the re-planning logic is under test here.
            new RunnerOptions { Frames = 16, ProbeBytes = 16 * 1024, Clock = new VirtualClock(realTime: false), CalibrateTransport = false });

        var report = await runner.RunAsync(Inputs(graph));

        Assert.NotEqual("device-only", report.Plan);
        var story = $"replans: [{string.Join("; ", report.Replans)}], frames: {string.Join(", ", report.Frames.Select(f => $"{f.Frame}:{f.Plan}:{f.TotalMs:F0}ms"))}";
        Assert.True(report.Replans.Count(r => r.To == "device-only") == 1, story);
        var replan = report.Replans.Single(r => r.To == "device-only");
        // The first probe on the slow link is frame 8's; the median of the last three moves at frame 9; a second
        // drifted probe in a row (frame 10) re-plans, so frame 11 is the first on the device.
        Assert.Equal(11, replan.Frame);
        Assert.All(report.Frames.Where(f => f.Frame >= replan.Frame), f => Assert.Equal("device", f.ComputedAt));
        Assert.All(report.Frames, f => Assert.InRange(f.MaxRelativeDifference, 0, 1e-4));
    }
}
