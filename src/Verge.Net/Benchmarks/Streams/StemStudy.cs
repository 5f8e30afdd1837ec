using System.Diagnostics;
using Verge.Inference.Serving.Stems;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Stems;
using Verge.Learning.Training;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Mainstream on Fashion-MNIST: a LeNet-5 backbone trained on the ten classes with Verge's engine, three applications
/// (ten classes, footwear or not, four coarse classes) fine-tuned from it with their first k layers frozen, for every
/// cut k; k = 0 is each application's own unshared model. Throughput is the engine's, batched, on one thread: the
/// stem once per frame plus each head.
/// </summary>
public static class StemStudy
{
    public const string Backbone = "lenet5";

    public static StemResult Run(StreamsBenchOptions options, ImageDataset train, ImageDataset test, Action<string> log, CancellationToken ct)
    {
        using var threads = Parallelism.Use(options.Threads);
        train = train.Take(options.TrainLimit);
        test = test.Take(options.TestLimit);
        var backbone = TrainableZoo.Create(Backbone, options.Seed);
        var loader = new MiniBatchLoader(train, 64, shuffle: true, seed: options.Seed);
        var optimizer = new Adam(backbone.Parameters(), 1e-3f);
        for (int e = 0; e < options.BackboneEpochs; e++) Trainer.TrainEpoch(backbone, loader, optimizer, ct: ct);
        double backboneAccuracy = Trainer.Evaluate(backbone, test);
        log($"stems: backbone {Backbone} {100 * backboneAccuracy:0.00} % after {options.BackboneEpochs} epochs on {train.Count} images");

        var stem = new SharedStem(backbone);
        var timed = test.Take(Math.Min(options.TimedFrames, test.Count));
        var measured = new List<(StemOption Option, long Macs)>();
        foreach (int k in stem.CutPoints())
        {
            var accuracies = new List<double>();
            var heads = new List<Sequential>();
            foreach (var task in StemTask.Standard)
            {
                var head = stem.Head(k, task, options.Seed);
                double accuracy = HeadTraining.FineTune(head, stem.Features(k, train, task), stem.Features(k, test, task), options.HeadEpochs, options.Seed, ct: ct);
                accuracies.Add(accuracy);
                heads.Add(head);
            }
            // The fastest of three passes per part: the host is shared, and a pass another process interrupted is not the model's cost.
            var passes = Enumerable.Range(0, 3).Select(_ => Time(stem, k, heads, timed)).ToList();
            double stemMs = passes.Min(p => p.StemMs);
            var headMs = Enumerable.Range(0, heads.Count).Select(h => passes.Min(p => p.HeadMs[h])).ToArray();
            measured.Add((new StemOption(k, accuracies, stemMs, headMs), Macs(k, stem, heads)));
            log($"stems: k={k}: {string.Join(", ", StemTask.Standard.Select((t, i) => $"{t.Name} {100 * accuracies[i]:0.00} %"))}; {1000 / (stemMs + headMs.Sum()):0} fps");
        }
        var separate = measured.Single(o => o.Option.SharedLayers == 0).Option;
        var rows = measured.Select(o => Row(o.Option, separate, o.Macs)).ToList();
        double target = 2 * separate.Fps;
        var chosen = StemChooser.Choose(measured.Select(o => o.Option).ToList(), target);
        return new StemResult(backboneAccuracy, rows, target, rows.Single(r => r.SharedLayers == chosen.SharedLayers));
    }

    private static StemRow Row(StemOption option, StemOption separate, long macs)
    {
        var names = StemTask.Standard.Select(t => t.Name).ToList();
        var accuracy = names.Select((n, i) => (n, option.Accuracies[i])).ToDictionary(p => p.n, p => p.Item2);
        var drop = names.Select((n, i) => (n, separate.Accuracies[i] - option.Accuracies[i])).ToDictionary(p => p.n, p => p.Item2);
        return new StemRow(option.SharedLayers, accuracy, drop, option.StemMs, option.HeadMs.Sum(), option.Fps, macs);
    }

    /// <summary>Milliseconds per frame of the stem and of each head, over the timed frames in batches of 64.</summary>
    private static (double StemMs, double[] HeadMs) Time(SharedStem stem, int k, IReadOnlyList<Sequential> heads, ImageDataset frames)
    {
        var s = stem.Stem(k);
        s.Eval();
        foreach (var h in heads) h.Eval();
        var watch = new Stopwatch();
        var headWatches = heads.Select(_ => new Stopwatch()).ToArray();
        foreach (var (images, _) in new MiniBatchLoader(frames, 64, shuffle: false).Epoch())
        {
            watch.Start();
            var features = k == 0 ? images : s.Forward(images);
            watch.Stop();
            for (int i = 0; i < heads.Count; i++)
            {
                headWatches[i].Start();
                heads[i].Forward(features);
                headWatches[i].Stop();
            }
        }
        double per = 1.0 / frames.Count;
        return (watch.Elapsed.TotalMilliseconds * per, headWatches.Select(w => w.Elapsed.TotalMilliseconds * per).ToArray());
    }

    /// <summary>Multiply-accumulates per frame of the stem once and every head (convolutions and linear layers).</summary>
    private static long Macs(int k, SharedStem stem, IReadOnlyList<Sequential> heads)
    {
        var x = new Tensor(1, 1, 28, 28);
        long total = 0;
        foreach (var layer in stem.Stem(k).Layers) x = Count(layer, x, ref total);
        foreach (var head in heads)
        {
            var y = x;
            foreach (var layer in head.Layers) y = Count(layer, y, ref total);
        }
        return total;
    }

    private static Tensor Count(Layer layer, Tensor x, ref long total)
    {
        var y = layer.Forward(x);
        total += layer switch
        {
            Linear l => (long)l.InFeatures * l.OutFeatures,
            Conv2d => (long)y.Length * Kernel(layer),
            _ => 0,
        };
        return new Tensor(y.ToArray(), y.Shape);
    }

    /// <summary>Inputs each output of a convolution reads: (in channels / groups) × kernel height × width.</summary>
    private static int Kernel(Layer conv) => conv.Parameters().First().Tensor.Shape is [_, int c, int kh, int kw] ? c * kh * kw : 1;
}
