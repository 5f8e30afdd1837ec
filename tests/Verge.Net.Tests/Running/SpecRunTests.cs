using Google.Protobuf;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;
using Verge.Net.Execution;
using Verge.Net.Running;

namespace Verge.Net.Tests.Running;

/// <summary>A spec run end to end as `verge run` runs it, without the console: nodes started on loopback, real gRPC.</summary>
public sealed class SpecRunTests
{
    private static readonly IReadOnlyDictionary<Tier, string> NoNodes = new Dictionary<Tier, string>();

    [Fact]
    public async Task AGivenPlanRunsEveryFrameAndReproducesTheWholeModel()
    {
        var spec = DeploymentSpec.Parse("""
            app: { model: zoo:tiny-dag, input: random, objective: latency }
            nodes:
              - { name: phone, tier: device, speed: 0.5 }
              - { name: edge,  tier: edge,   speed: 1.0 }
            links:
              - { from: phone, to: edge, bandwidth: 100Mbps, rtt: 2ms }
            """, "test.yaml");
        var graph = TestZoo.Load("zoo:tiny-dag");
        var profile = new LayerProfiler(new ProfileOptions { Runs = 2, Warmup = 1, Threads = 1 }).Profile(graph);
        var frames = new List<FrameRecord>();

        var report = await SpecRun.RunAsync(spec, graph, profile, new SpecRunSettings(4, "edge-only", Adapt: false, Threads: 1, NoNodes),
            new Inline(frames.Add), CancellationToken.None, transport: new Inference.Planning.MessageCost(0.5, 5));

        Assert.Equal("edge-only", report.Plan);
        Assert.Equal(4, report.Frames.Count);
        Assert.Equal(4, frames.Count);
        Assert.All(report.Frames, f => Assert.Equal("edge", f.ComputedAt));
        Assert.True(report.OutputsMatch().Exact);
        Assert.Equal(new Inference.Planning.MessageCost(0.5, 5), report.Transport);
    }

    [Fact]
    public async Task TieredExitsThatNeverFireSendEveryFrameToTheCloud()
    {
        using var dir = new TempDir("verge-spec-branchy-");
        var model = dir.File("branchy.onnx");
        File.WriteAllBytes(model, BranchyExporter.Export(BranchyZoo.Create("branchy-lenet5", seed: 3)).ToByteArray());
        var spec = DeploymentSpec.Parse($$"""
            app:
              model: {{model}}
              input: random
              exits: { thresholds: [never, never], measure: max_softmax }
            nodes:
              - { name: phone, tier: device }
              - { name: edge,  tier: edge }
              - { name: cloud, tier: cloud }
            links:
              - { from: phone, to: edge,  bandwidth: 100Mbps, rtt: 1ms }
              - { from: edge,  to: cloud, bandwidth: 100Mbps, rtt: 1ms }
            """, "test.yaml");
        var graph = Inference.Planning.SpecModel.Load(spec, TestZoo.Zoo);
        var (policy, calibratedOn) = await TieredSpecRun.PolicyAsync(spec, graph, threads: 1, CancellationToken.None);
        Assert.Equal(0, calibratedOn);
        var done = new List<int>();

        var report = await TieredSpecRun.RunAsync(spec, graph, policy, frames: 3, threads: 1, NoNodes, new Inline<int>(done.Add), CancellationToken.None);

        Assert.Equal(new[] { 1, 2, 3 }, done);
        Assert.False(report.HasLabels);
        Assert.Equal(new[] { "phone", "edge", "cloud" }, report.Tiers.Select(t => t.Site));
        Assert.Equal(new[] { 0, 0, 3 }, report.Tiers.Select(t => t.Frames));
        Assert.True(report.UplinkBytes > 0 && report.OffloadAllBytes > 0);
    }

    [Fact]
    public async Task ThresholdsThatDoNotFitTheModelAreAnInputError()
    {
        using var dir = new TempDir("verge-spec-branchy2-");
        var model = dir.File("branchy.onnx");
        File.WriteAllBytes(model, BranchyExporter.Export(BranchyZoo.Create("branchy-lenet5", seed: 3)).ToByteArray());
        var spec = DeploymentSpec.Parse($$"""
            app: { model: {{model}}, input: random, exits: { thresholds: [0.5] } }
            nodes:
              - { name: phone, tier: device }
              - { name: edge,  tier: edge }
            links:
              - { from: phone, to: edge, bandwidth: 100Mbps, rtt: 1ms }
            """, "test.yaml");
        var e = await Assert.ThrowsAsync<InputException>(() =>
            TieredSpecRun.PolicyAsync(spec, Inference.Planning.SpecModel.Load(spec, TestZoo.Zoo), 1, CancellationToken.None));
        Assert.Contains("app.exits.thresholds: 1 given", e.Message);
    }

    private sealed class Inline(Action<FrameRecord> action) : IProgress<FrameRecord>
    {
        public void Report(FrameRecord value) => action(value);
    }

    private sealed class Inline<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
