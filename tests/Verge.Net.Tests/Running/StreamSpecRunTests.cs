using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Runtime;
using Verge.Net.Running;
using Verge.Net.Running.Streams;

namespace Verge.Net.Tests.Running;

/// <summary><c>app.stream</c> as `verge run` runs it: every frame goes to the device agent, whose gate sends the changed
/// ones over real gRPC and answers the rest from the last answer without a call.</summary>
public sealed class StreamSpecRunTests
{
    private static DeploymentSpec Spec() => DeploymentSpec.Parse("""
        app: { model: zoo:lenet5, stream: { preset: static, frames: 300, threshold: 0.1 } }
        nodes:
          - { name: phone, tier: device, speed: 0.5 }
          - { name: edge,  tier: edge,   speed: 1.0 }
        links:
          - { from: phone, to: edge, bandwidth: 100Mbps, rtt: 2ms }
        """, "stream.yaml");

    [Fact]
    public async Task The_device_agent_sends_only_the_frames_its_gate_passes_and_reuses_the_rest()
    {
        var spec = Spec();
        var graph = TestZoo.Load("zoo:lenet5");
        var setup = await StreamGateRun.PrepareAsync(spec, graph, frames: 20, threads: 1, CancellationToken.None);
        Assert.Equal(300, setup.Stream.Count);
        Assert.False(setup.Calibrated);

        var profile = new LayerProfiler(new ProfileOptions { Runs = 2, Warmup = 1, Threads = 1 }).Profile(graph);
        var settings = new SpecRunSettings(setup.Stream.Count, "edge-only", Adapt: false, Threads: 1, new Dictionary<Tier, string>())
        {
            Inputs = StreamGateRun.Inputs(graph, setup.Stream),
            ReuseGate = setup.Gate,
        };
        var report = await SpecRun.RunAsync(spec, graph, profile, settings, null, CancellationToken.None, transport: new Inference.Planning.MessageCost(0.5, 5));
        var gate = StreamGateRun.Score(setup, report);

        Assert.True(gate.GateUsed);
        Assert.InRange(gate.SentFrames.Length, 1, 150);
        Assert.True(gate.ReplayAgrees); // the live agent sent exactly the frames the replay sends
        Assert.Equal(gate.ReplayAccuracy, gate.Accuracy, 9);
        Assert.All(report.Frames.Where(f => !f.Reused), f => Assert.Equal("edge", f.ComputedAt));
        Assert.All(report.Frames.Where(f => f.Reused), f => Assert.Equal(0, f.UplinkBytes)); // a reused frame makes no call
        Assert.True(report.OutputsMatch().Exact);
        Assert.Equal(300L * 784 * 4, gate.UplinkBytes + gate.UplinkBytesSaved);
        Assert.True(gate.WireUplinkBytes >= gate.SentFrames.Length * 784L * 4); // every sent frame crossed the uplink whole
    }
}
