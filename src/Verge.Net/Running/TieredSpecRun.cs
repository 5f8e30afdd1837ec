using System.Numerics.Tensors;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;
using Verge.Net.Execution;
using Verge.Net.Exits;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Running;

/// <summary>
/// A spec with <c>app.exits</c> run across tiers (DDNN, Teerapittayanon et al., ICDCS 2017): exit 1 on the device,
/// exit 2 on the first edge node, final on the first cloud node, over gRPC. Thresholds come from the spec or are
/// calibrated on held-out training images for its target accuracy.
/// </summary>
public static class TieredSpecRun
{
    /// <summary>Training images (the last ones) on which thresholds are calibrated for <c>target_accuracy</c>.</summary>
    public const int CalibrationSamples = 2000;

    /// <summary>The spec's exit policy; <c>CalibratedOn</c> is the number of held-out images it was calibrated on (0 when the spec gives thresholds).</summary>
    public static async Task<(ExitPolicy Policy, int CalibratedOn)> PolicyAsync(DeploymentSpec spec, ModelGraph graph, int threads, CancellationToken ct)
    {
        var exits = spec.App.Exits ?? throw new ArgumentException("the spec has no app.exits", nameof(spec));
        var measure = exits.Measure == "max_softmax" ? ConfidenceMeasure.MaxSoftmax : ConfidenceMeasure.Entropy;
        int early = ExitCosts.ExitOutputs(graph).Count - 1;
        if (exits.Thresholds is { } t)
        {
            if (t.Count != early)
                throw new InputException($"{spec.Source}: app.exits.thresholds: {t.Count} given, but '{graph.Source}' has {early} early exits; give one per early exit");
            return (new ExitPolicy(measure, t), 0);
        }
        var train = await FashionMnist.LoadTrainAsync(ct: ct);
        var heldOut = ExitAnalysis.CalibrationSlice(train, CalibrationSamples);
        var outcomes = OnnxExitRunner.Run(graph.File!, heldOut, measure, threads, ct: ct);
        return (ExitCalibrator.Calibrate(outcomes, ExitCosts.FromGraph(graph), exits.TargetAccuracy!.Value), heldOut.Count);
    }

    /// <summary>Runs <paramref name="frames"/> frames; <paramref name="progress"/> hears the number of frames done.</summary>
    public static async Task<TieredRunReport> RunAsync(DeploymentSpec spec, ModelGraph graph, ExitPolicy policy, int frames, int threads,
        IReadOnlyDictionary<Tier, string> given, IProgress<int>? progress, CancellationToken ct, Security.ClientSecurity? security = null)
    {
        int early = ExitCosts.ExitOutputs(graph).Count - 1;
        var sites = new List<Node> { spec.Topology.Device };
        sites.AddRange(spec.Topology.Nodes.Where(n => n.Tier != Tier.Device).OrderBy(n => n.Tier).Take(early));
        if (sites.Count != early + 1)
            throw new InputException($"{spec.Source}: nodes: '{graph.Source}' has {early + 1} exits; the spec needs a device and {early} more nodes (edge, cloud) to hold them");

        ImageDataset? data = spec.App.Input.StartsWith("fashion-mnist", StringComparison.Ordinal)
            ? spec.App.Input.EndsWith("test", StringComparison.Ordinal) ? await FashionMnist.LoadTestAsync(ct: ct) : await FashionMnist.LoadTrainAsync(ct: ct)
            : null;
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);

        await using var nodes = await LocalNodes.StartAsync(spec.Topology, given, threads, ct, security);
        await using var tiers = await TieredExitDeployment.StartAsync(graph, sites, policy, spec.Topology, nodes.Urls,
            new DeploymentOptions { Encoding = TensorEncoding.Of(spec.App.Codec), Threads = threads, Security = security ?? Verge.Net.Security.ClientSecurity.None }, ct);
        using var whole = new StageSession(graph.ToBytes(), outputs: ["final"], intraOpThreads: threads);

        var counts = new int[early + 1];
        var correct = new int[early + 1];
        int finalCorrect = 0;
        long uplink = 0, offloadAll = 0;
        var totals = new List<double>();
        for (int f = 0; f < frames; f++)
        {
            var feed = inputs(f);
            var result = await tiers.InferAsync(feed, ct);
            counts[result.Exit]++;
            uplink += result.UplinkBytes;
            offloadAll += tiers.OffloadBytes(feed);
            totals.Add(result.Total.TotalMilliseconds);
            if (data is not null)
            {
                int label = data.Labels[f % data.Count];
                if (TensorPrimitives.IndexOfMax(result.Logits.Data) == label) correct[result.Exit]++;
                if (TensorPrimitives.IndexOfMax(whole.Run(feed)[0].Data) == label) finalCorrect++;
            }
            progress?.Report(f + 1);
        }
        var rows = tiers.Tiers.Select((x, k) => new TierRow(x.Exit, x.Site, counts[k], correct[k])).ToList();
        return new TieredRunReport(graph.Source, spec.App.Exits!.Measure, policy.Thresholds, rows, frames, (double)correct.Sum() / frames,
            (double)finalCorrect / frames, uplink, offloadAll, Stats.Percentile(totals, 50), data is not null);
    }
}
