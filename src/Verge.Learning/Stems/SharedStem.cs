using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Stems;

/// <summary>
/// Mainstream's shared stem (Jiang et al., USENIX ATC 2018): applications fine-tuned from one backbone keep its
/// first k layers frozen, so the edge server computes those once per frame and only each application's head
/// separately. Here the backbone is a trained zoo model's layer list; k counts its layers (k = 0: nothing shared, each
/// application a whole fine-tuned copy).
/// </summary>
public sealed class SharedStem
{
    private readonly TrainableModel _backbone;

    public SharedStem(TrainableModel backbone)
    {
        _backbone = backbone;
        _backbone.Eval();
    }

    public int Layers => _backbone.Body.Layers.Count;

    /// <summary>Layer counts at which the backbone can be cut: after each pooling, flatten-fed linear+ReLU block (where a
    /// stem's output is a natural feature), never inside the final classifier.</summary>
    public IReadOnlyList<int> CutPoints()
    {
        var cuts = new List<int> { 0 };
        var layers = _backbone.Body.Layers;
        for (int k = 1; k < layers.Count; k++)
            if (layers[k - 1] is MaxPool2d or ReLU && layers[k] is not ReLU and not MaxPool2d) cuts.Add(k);
        return cuts;
    }

    /// <summary>The backbone's first <paramref name="k"/> layers (shared, frozen).</summary>
    public Sequential Stem(int k) => new([.. _backbone.Body.Layers.Take(k)]);

    /// <summary>A trainable head for <paramref name="task"/> on a <paramref name="k"/>-layer stem: a copy of the backbone's
    /// remaining layers (weights included) whose last linear layer is new, sized to the task's classes.</summary>
    public Sequential Head(int k, StemTask task, int seed)
    {
        var copy = TrainableZoo.Create(_backbone.Name, seed);
        copy.SetWeights(_backbone.GetWeights());
        var rest = copy.Body.Layers.Skip(k).ToList();
        var last = (Linear)rest[^1];
        rest[^1] = new Linear(last.InFeatures, task.Classes, new Rng(seed + 1));
        return rest[0] is Linear ? new Sequential([new Flatten(), .. rest]) : new Sequential([.. rest]);
    }

    /// <summary>The stem's output for every image of <paramref name="data"/>, as a data set of the task's labels (what a
    /// frozen stem feeds its heads; computed once, so fine-tuning a head costs only the head).</summary>
    public ImageDataset Features(int k, ImageDataset data, StemTask task, int batchSize = 256)
    {
        var labels = data.Labels.Select(task.Map).ToArray();
        if (k == 0) return data with { Labels = labels };
        var stem = Stem(k);
        stem.Eval();
        float[]? pixels = null;
        int[] shape = [];
        int done = 0;
        foreach (var (images, _) in new MiniBatchLoader(data, batchSize, shuffle: false).Epoch())
        {
            var y = stem.Forward(images);
            if (pixels is null)
            {
                shape = y.Shape[1..];
                pixels = new float[data.Count * (y.Length / y.Shape[0])];
            }
            y.Data.CopyTo(pixels, done * (y.Length / y.Shape[0]));
            done += y.Shape[0];
        }
        var (c, h, w) = shape.Length switch { 3 => (shape[0], shape[1], shape[2]), _ => (shape[0], 1, 1) };
        return new ImageDataset(pixels ?? [], labels, c, h, w);
    }
}
