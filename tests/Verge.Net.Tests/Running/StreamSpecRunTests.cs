using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Running;
using Verge.Net.Running.Streams;

namespace Verge.Net.Tests.Running;

/// <summary><c>app.stream</c> as `verge run` runs it: the gate picks the frames, those run over real gRPC.</summary>
public sealed class StreamSpecRunTests
{
    [Fact]
    public async Task Only_the_frames_the_gate_passes_run_under_the_plan_and_they_match_the_whole_model()
    {
        var spec = DeploymentSpec.Parse("""
            app: { model: zoo:lenet5, stream: { preset: static, frames: 300, threshold: 0.1 } }
            nodes:
              - { name: phone, tier: device, speed: 0.5 }
              - { name: edge,  tier: edge,   speed: 1.0 }
            links:
              - { from: phone, to: edge, bandwidth: 100Mbps, rtt: 2ms }
            """, "stream.yaml");
        var graph = TestZoo.Load("zoo:lenet5");
        var (gate, stream) = await StreamGateRun.DecideAsync(spec, graph, frames: 20, threads: 1, CancellationToken.None);
        Assert.Equal(300, gate.Frames);
        Assert.False(gate.Calibrated);
        Assert.InRange(gate.SentFrames.Length, 1, 150);
        Assert.Equal(300L * 784 * 4, gate.UplinkBytes + gate.UplinkBytesSaved);

        var profile = new LayerProfiler(new ProfileOptions { Runs = 2, Warmup = 1, Threads = 1 }).Profile(graph);
        var settings = new SpecRunSettings(gate.SentFrames.Length, "edge-only", Adapt: false, Threads: 1, new Dictionary<Tier, string>())
        {
            Inputs = StreamGateRun.Inputs(graph, stream, gate),
        };
        var report = await SpecRun.RunAsync(spec, graph, profile, settings, null, CancellationToken.None, transport: new Inference.Planning.MessageCost(0.5, 5));
        Assert.Equal(gate.SentFrames.Length, report.Frames.Count);
        Assert.All(report.Frames, f => Assert.Equal("edge", f.ComputedAt));
        Assert.True(report.OutputsMatch().Exact);
    }
}
