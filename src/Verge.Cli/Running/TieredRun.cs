using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Planning;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;
using Verge.Net.Exits;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Cli.Running;

/// <summary>
/// `verge run` for a spec with <c>app.exits</c>: exit 1 on the device, exit 2 on the first edge node, final on the
/// first cloud node, over gRPC; per-tier exit counts, accuracy against the labels, and uplink bytes against
/// offloading every input.
/// </summary>
internal static class TieredRun
{
    /// <summary>Training images (the last ones) on which thresholds are calibrated for <c>target_accuracy</c>.</summary>
    public const int CalibrationSamples = 2000;

    public sealed record TierRow(string Exit, string Site, int Frames, int Correct);

    public sealed record Report(string Model, string Measure, IReadOnlyList<double> Thresholds, IReadOnlyList<TierRow> Tiers, int Frames,
        double Accuracy, double FinalOnlyAccuracy, long UplinkBytes, long OffloadAllBytes, double P50Ms, bool HasLabels)
    {
        public double UplinkFraction => OffloadAllBytes == 0 ? 0 : (double)UplinkBytes / OffloadAllBytes;
    }

    public static async Task<Report> RunAsync(IAnsiConsole console, DeploymentSpec spec, ModelZoo zoo, int frames, int threads,
        IReadOnlyDictionary<Tier, string> given, CancellationToken ct)
    {
        var exits = spec.App.Exits!;
        var graph = SpecModel.Load(spec, zoo);
        var measure = exits.Measure == "max_softmax" ? ConfidenceMeasure.MaxSoftmax : ConfidenceMeasure.Entropy;
        int early = ExitCosts.ExitOutputs(graph).Count - 1;
        ExitPolicy policy;
        if (exits.Thresholds is { } t)
        {
            if (t.Count != early)
                throw new InputException($"{spec.Source}: app.exits.thresholds: {t.Count} given, but '{graph.Source}' has {early} early exits; give one per early exit");
            policy = new ExitPolicy(measure, t);
        }
        else
        {
            var train = await FashionMnist.LoadTrainAsync(ct: ct);
            var heldOut = train.Subset(Enumerable.Range(Math.Max(0, train.Count - CalibrationSamples), Math.Min(train.Count, CalibrationSamples)).ToList());
            var outcomes = OnnxExitRunner.Run(graph.File!, heldOut, measure, threads, ct: ct);
            policy = ExitCalibrator.Calibrate(outcomes, ExitCosts.FromGraph(graph), exits.TargetAccuracy!.Value);
            console.MarkupLine($"[grey]calibrated on {heldOut.Count} training images for {exits.TargetAccuracy:P1}: thresholds {Markup.Escape(string.Join(", ", policy.Thresholds.Select(x => x.ToString("G3"))))}[/]");
        }

        var sites = new List<Node> { spec.Topology.Device };
        sites.AddRange(spec.Topology.Nodes.Where(n => n.Tier != Tier.Device).OrderBy(n => n.Tier).Take(early));
        if (sites.Count != early + 1)
            throw new InputException($"{spec.Source}: nodes: '{graph.Source}' has {early + 1} exits; the spec needs a device and {early} more nodes (edge, cloud) to hold them");

        ImageDataset? data = spec.App.Input.StartsWith("fashion-mnist", StringComparison.Ordinal)
            ? spec.App.Input.EndsWith("test", StringComparison.Ordinal) ? await FashionMnist.LoadTestAsync(ct: ct) : await FashionMnist.LoadTrainAsync(ct: ct)
            : null;
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        var encoding = spec.App.Codec switch { WireCodec.Fp16 => TensorEncoding.Fp16, WireCodec.Int8 => TensorEncoding.Int8, _ => TensorEncoding.Fp32 };

        await using var nodes = await LocalNodes.StartAsync(spec.Topology, given, threads, ct);
        using var tiers = await TieredExitDeployment.StartAsync(graph, sites, policy, spec.Topology, nodes.Urls,
            new TieredExitOptions { Encoding = encoding, Threads = threads }, ct);
        using var whole = new StageSession(graph.ToBytes(), outputs: ["final"], intraOpThreads: threads);

        var counts = new int[early + 1];
        var correct = new int[early + 1];
        int finalCorrect = 0;
        long uplink = 0, offloadAll = 0;
        var totals = new List<double>();
        await console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"running {frames} frames through {early + 1} tiers", maxValue: frames);
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
                        if (ArgMax(result.Logits.Data) == label) correct[result.Exit]++;
                        if (ArgMax(whole.Run(feed)[0].Data) == label) finalCorrect++;
                    }
                    task.Value = f + 1;
                }
            });
        var rows = tiers.Tiers.Select((x, k) => new TierRow(x.Exit, x.Site, counts[k], correct[k])).ToList();
        return new Report(graph.Source, exits.Measure, policy.Thresholds, rows, frames, (double)correct.Sum() / frames, (double)finalCorrect / frames,
            uplink, offloadAll, Net.Execution.Percentiles.Of(totals, 50), data is not null);
    }

    public static void Render(IAnsiConsole console, Report report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Model)}[/] · {report.Frames} frames · {report.Measure} thresholds {Markup.Escape(string.Join(", ", report.Thresholds.Select(t => t.ToString("G3"))))}")
            .AddColumn("exit").AddColumn("site").AddColumn("frames", c => c.RightAligned()).AddColumn("share", c => c.RightAligned())
            .AddColumn("accuracy there", c => c.RightAligned());
        foreach (var r in report.Tiers)
            table.AddRow(r.Exit, Markup.Escape(r.Site), r.Frames.ToString(), $"{(double)r.Frames / report.Frames:P1}",
                !report.HasLabels || r.Frames == 0 ? "-" : $"{(double)r.Correct / r.Frames:P1}");
        console.Write(table);
        if (report.HasLabels)
            console.MarkupLine($"accuracy: [bold]{report.Accuracy:P2}[/] (final exit only: {report.FinalOnlyAccuracy:P2})");
        console.MarkupLine($"uplink: [bold]{Ui.Bytes(report.UplinkBytes)}[/] vs {Ui.Bytes(report.OffloadAllBytes)} offloading every input " +
                           $"([bold]{report.UplinkFraction:P1}[/]); p50 {report.P50Ms:F1} ms per frame");
    }

    public static object Document(DeploymentSpec spec, Report report) => new
    {
        Spec = spec.Source,
        report.Model,
        report.Measure,
        Thresholds = report.Thresholds.Select(t => double.IsFinite(t) ? (double?)t : null),
        report.Frames,
        Tiers = report.Tiers,
        Accuracy = report.HasLabels ? (double?)report.Accuracy : null,
        FinalOnlyAccuracy = report.HasLabels ? (double?)report.FinalOnlyAccuracy : null,
        report.UplinkBytes,
        report.OffloadAllBytes,
        UplinkFraction = Math.Round(report.UplinkFraction, 4),
        P50Ms = Math.Round(report.P50Ms, 3),
    };

    private static int ArgMax(float[] xs)
    {
        int best = 0;
        for (int i = 1; i < xs.Length; i++)
            if (xs[i] > xs[best]) best = i;
        return best;
    }
}
