using System.Numerics.Tensors;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Client;
using Verge.Net.Links;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Execution;

/// <summary>
/// Runs a spec's model frame by frame under a plan, on real nodes over shaped links, holding every frame against the
/// whole model run locally. The device's uplink follows the spec's bandwidth schedule; the runner measures it with
/// small echo probes (<see cref="UplinkProbe"/>), and when it drifts re-plans for the measured link and redeploys if the choice changes.
/// Under time dilation (<see cref="DeploymentOptions.Dilation"/>) every time it records is divided by k, so frames,
/// probes and predictions all speak of the time the emulation stands for.
/// </summary>
public sealed class PlanRunner(ModelGraph graph, ModelProfile profile, Topology topology, PlanningOptions planning,
    IReadOnlyDictionary<string, string> nodeUrls, RunnerOptions options)
{
    private PlanningOptions _planning = planning;

    public PlanChoice Choose(Topology at) => Planners.Choose(new PlanningProblem(graph, profile, at, _planning));

    public async Task<RunReport> RunAsync(Func<int, IReadOnlyList<FloatTensor>> inputs, IProgress<FrameRecord>? progress = null, CancellationToken ct = default)
    {
        // Predictions include the RPC stack's own cost per message, measured against the device's first node unless given.
        var dilation = options.Deployment.Dilation;
        if (options.CalibrateTransport && _planning.Message == MessageCost.None)
            _planning = _planning with { Message = dilation.Message(await TransportCalibration.MeasureForDeviceAsync(topology, nodeUrls, ct, options.Deployment.Security)) };
        var first = Choose(topology.AtFrame(0));
        var plan = options.Given ?? (options.Cut is { } cut ? PinnedCut.Plan(graph, profile, topology.AtFrame(0), _planning, cut)
            : options.Plan is null ? first.Chosen
            : first.Candidates.FirstOrDefault(c => c.Name == options.Plan)
              ?? throw new InputException($"plan '{options.Plan}' is not a candidate; candidates: {string.Join(", ", first.Candidates.Select(c => c.Name))}") { Term = "plan" });
        bool adapt = options.Adapt && options.Plan is null && options.Given is null && options.Cut is null;

        var device = topology.Device;
        var uplink = topology.Links.FirstOrDefault(l => l.From == device.Name || l.To == device.Name);
        using var reference = new StageSession(graph.ToBytes(), intraOpThreads: options.Deployment.Threads);
        using var probeClient = adapt && uplink is not null && nodeUrls.TryGetValue(uplink.Other(device.Name), out var probeUrl)
            ? NodeClient.Connect(probeUrl, dilation.Link(PathLink.For([uplink])), options.Clock, options.Deployment.Security)
            : null;
        var probe = probeClient is null ? null : new UplinkProbe(probeClient, options.ProbeBytes, options.DriftThreshold);
        // What the device believes of its uplink: the spec's at first, then scaled by what the probes measure.
        double believedBps = uplink?.Bandwidth.BitsPerSecond ?? 0;
        var believedRtt = uplink?.Rtt ?? TimeSpan.Zero;

        var frames = new List<FrameRecord>();
        var replans = new List<ReplanEvent>();
        var deployment = await PlanDeployment.StartAsync(graph, plan, topology.AtFrame(0), nodeUrls, options.Deployment, ct);
        try
        {
            for (int f = 0; f < options.Frames; f++)
            {
                var now = topology.AtFrame(f);
                deployment.FollowUplink(now);
                var feed = inputs(f);
                var result = await deployment.InferAsync(feed, ct);
                var expected = reference.Run(feed);
                var record = Record(f, deployment.Plan.Name, result, expected, dilation);
                frames.Add(record);
                progress?.Report(record);

                if (probe is null || f % Math.Max(1, options.ProbeEveryFrames) != 0) continue;
                probeClient!.Link.Parameters = dilation.Link(PathLink.For([uplink!.AtFrame(f)]));
                if (!await probe.SampleAsync(options.Deployment.CallTimeout * dilation.Factor, ct) || !probe.Drifted()) continue;
                believedBps *= probe.BandwidthRatio;
                believedRtt += TimeSpan.FromMilliseconds(dilation.Real(probe.RttShiftMs));
                if (believedRtt < TimeSpan.Zero) believedRtt = TimeSpan.Zero;
                probe.Rebaseline();
                var next = Choose(Believed(now, uplink!, believedBps, believedRtt)).Chosen;
                if (next.Name == deployment.Plan.Name) continue;
                replans.Add(new ReplanEvent(f + 1, deployment.Plan.Name, next.Name, believedBps / 1e6, believedRtt.TotalMilliseconds));
                await deployment.DisposeAsync();
                deployment = await PlanDeployment.StartAsync(graph, next, now, nodeUrls, options.Deployment, ct);
            }
        }
        finally
        {
            await deployment.DisposeAsync();
        }
        return new RunReport(plan.Name, plan.Predicted.LatencyMs, plan.Predicted.UplinkBytes, frames, replans, Segments(frames), _planning.Message)
        {
            Dilation = dilation,
        };
    }

    /// <summary>The topology as the device believes it: the measured uplink in place of the spec's.</summary>
    private static Topology Believed(Topology now, Link uplink, double bitsPerSecond, TimeSpan rtt)
    {
        var links = now.Links.Select(l => !l.Connects(uplink.From, uplink.To) ? l
            : l with { Bandwidth = new Core.Units.Bandwidth(bitsPerSecond), Rtt = rtt, Schedule = [] }).ToList();
        return new Topology(now.Nodes, links);
    }

    /// <summary>Stretches of frames under one plan and one network (a bandwidth schedule starts a new stretch).</summary>
    private List<PlanSegment> Segments(List<FrameRecord> frames)
    {
        string Network(int frame) => string.Join("; ", topology.AtFrame(frame).Links.Select(l => l.ToString()));
        var segments = new List<PlanSegment>();
        int start = 0;
        for (int i = 1; i <= frames.Count; i++)
        {
            if (i < frames.Count && frames[i].Plan == frames[start].Plan && Network(frames[i].Frame) == Network(frames[start].Frame)) continue;
            var name = frames[start].Plan;
            // The prediction under the spec's true network of the stretch.
            var predicted = options.Given is { } given && given.Name == name ? given.Predicted.LatencyMs
                : options.Cut is { } cut ? PinnedCut.Plan(graph, profile, topology.AtFrame(frames[start].Frame), _planning, cut).Predicted.LatencyMs
                : Choose(topology.AtFrame(frames[start].Frame)).Candidates.First(c => c.Name == name).Predicted.LatencyMs;
            var measured = Stats.Percentile(frames.Skip(start).Take(i - start).Where(f => !f.Fallback && !f.Reused).Select(f => f.TotalMs), 50);
            segments.Add(new PlanSegment(name, frames[start].Frame, i - start, predicted, measured, Network(frames[start].Frame)));
            start = i;
        }
        return segments;
    }

    /// <summary>One frame's record, its times in the time the emulation stands for (÷ k under dilation).</summary>
    private static FrameRecord Record(int frame, string plan, Device.FrameResult result, FloatTensor[] expected, TimeDilation dilation)
    {
        double worst = 0;
        bool top1 = true;
        foreach (var e in expected)
        {
            var actual = result.Outputs.First(o => o.Name == e.Name).Data;
            double scale = 1e-12;
            foreach (var v in e.Data) scale = Math.Max(scale, Math.Abs(v));
            for (int i = 0; i < e.Data.Length; i++) worst = Math.Max(worst, Math.Abs(e.Data[i] - actual[i]) / scale);
            top1 &= TensorPrimitives.IndexOfMax<float>(e.Data) == TensorPrimitives.IndexOfMax<float>(actual);
        }
        return new FrameRecord(frame, plan, result.ComputedAt, result.Fallback, dilation.Real(result.Total.TotalMilliseconds),
            dilation.Real(result.DeviceCompute.TotalMilliseconds), dilation.Real(result.Network.TotalMilliseconds),
            dilation.Real(result.RemoteCompute.TotalMilliseconds), result.UplinkBytes, worst, top1)
        {
            Reused = result.Reused,
            Answer = result.Outputs.Count == 0 ? -1 : TensorPrimitives.IndexOfMax<float>(result.Outputs[0].Data),
        };
    }
}
