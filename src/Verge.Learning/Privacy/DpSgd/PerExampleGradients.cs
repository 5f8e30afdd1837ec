using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// A model run so that each example's gradient can be read after one batched backward pass: the forward pass goes
/// layer by layer through the model's <see cref="Sequential"/> body, handing each parametrised layer's input and
/// output to its <see cref="IPerExampleRule"/> (linear, conv, group norm). Layers without parameters that act on each example alone (activations,
/// pooling, flatten, dropout) pass through. Batch norm mixes the examples of a batch, so no per-example gradient
/// exists for it: such models are refused, naming the layer.
/// </summary>
public sealed class PerExampleGradients
{
    private readonly List<(Layer Layer, IPerExampleRule? Rule)> _layers;
    private double[] _norms = [];

    private PerExampleGradients(List<(Layer, IPerExampleRule?)> layers) => _layers = layers;

    /// <summary>Examples in the last forward pass.</summary>
    public int BatchSize { get; private set; }

    /// <summary>Every parameter of the model, each covered by exactly one rule.</summary>
    public IReadOnlyList<Tensor> Parameters => _layers.Where(l => l.Rule is not null).SelectMany(l => l.Rule!.Parameters).ToList();

    /// <summary>Prepares <paramref name="model"/> for per-example gradients, or refuses it with the layer that prevents them.</summary>
    public static PerExampleGradients For(Layer model)
    {
        var layers = new List<(Layer, IPerExampleRule?)>();
        Walk(model, "", layers);
        var covered = layers.Where(l => l.Item2 is not null).SelectMany(l => l.Item2!.Parameters).ToHashSet(ReferenceEqualityComparer.Instance);
        var missing = model.Parameters().FirstOrDefault(p => !covered.Contains(p.Tensor));
        if (missing is not null)
            throw new UsageException($"DP-SGD has no per-example gradient for parameter '{missing.Name}'; train a model made of conv, linear, pooling and activation layers");
        return new PerExampleGradients(layers);
    }

    private static void Walk(Layer layer, string path, List<(Layer, IPerExampleRule?)> into)
    {
        switch (layer)
        {
            case TrainableModel m: Walk(m.Body, path + "body.", into); break;
            case Sequential s:
                for (int i = 0; i < s.Layers.Count; i++) Walk(s.Layers[i], $"{path}{i}.", into);
                break;
            case Linear l: into.Add((l, new LinearRule(l))); break;
            case Conv2d c: into.Add((c, new Conv2dRule(c))); break;
            case GroupNorm g: into.Add((g, new GroupNormRule(g))); break;
            case ReLU or Tanh or MaxPool2d or AvgPool2d or GlobalAvgPool or Engine.Flatten or Dropout: into.Add((layer, null)); break;
            default:
                var norm = layer.State().FirstOrDefault(t => t.Name.EndsWith("running_mean", StringComparison.Ordinal));
                string name = path.TrimEnd('.');
                if (layer is BatchNorm2d || norm is not null)
                    throw new UsageException($"layer '{name}{(norm is null || layer is BatchNorm2d ? "" : "." + norm.Name[..^".running_mean".Length])}' is batch norm, " +
                        "which mixes the examples of a batch and has no per-example gradient under DP-SGD; use a model with group norm or none (dp-cnn-gn, dp-cnn, cnn-small, lenet5, mlp)");
                throw new UsageException($"layer '{name}' ({layer.GetType().Name}) has no per-example gradient rule for DP-SGD; use a model of conv, linear, pooling and activation layers");
        }
    }

    /// <summary>The forward pass, recording what the rules need.</summary>
    public Tensor Forward(Tensor x)
    {
        BatchSize = x.Shape[0];
        foreach (var (layer, rule) in _layers)
        {
            var y = layer.Forward(x);
            rule?.Record(x, y);
            x = y;
        }
        return x;
    }

    /// <summary>
    /// Mean softmax cross-entropy through <see cref="Forward"/>. An empty (Poisson) batch has zero loss and no
    /// examples, so the DP step that follows is noise alone.
    /// </summary>
    public Tensor CrossEntropy(Tensor images, int[] labels)
    {
        if (labels.Length > 0) return Losses.CrossEntropy(Forward(images), labels);
        BatchSize = 0;
        return new Tensor([0f], 1);
    }

    /// <summary>
    /// After backward: each example's gradient norm over all parameters, with the recorded gradients multiplied by
    /// <paramref name="scale"/> first (the batch size, when the loss was a batch mean).
    /// </summary>
    public ReadOnlySpan<double> Norms(float scale = 1f)
    {
        if (_norms.Length != BatchSize) _norms = new double[BatchSize];
        Array.Clear(_norms);
        foreach (var (_, rule) in _layers) rule?.AddSquaredNorms(_norms);
        for (int i = 0; i < _norms.Length; i++) _norms[i] = scale * Math.Sqrt(_norms[i]);
        return _norms;
    }

    /// <summary>After <see cref="Norms"/>: sets every parameter's gradient to Σᵢ wᵢ·(recorded gradient of example i).</summary>
    public void WriteWeightedSum(ReadOnlySpan<float> weights)
    {
        if (weights.Length != BatchSize) throw new ArgumentException($"{weights.Length} weights for a batch of {BatchSize}");
        foreach (var (_, rule) in _layers) rule?.WriteWeightedSum(weights);
    }

    /// <summary>
    /// Clips each example's gradient to norm <paramref name="clip"/> and writes their sum into the parameters'
    /// gradients (Abadi et al., CCS 2016, Alg. 1); returns the norms before clipping.
    /// </summary>
    public ReadOnlySpan<double> ClipAndSum(float clip, float scale = 1f)
    {
        var norms = Norms(scale);
        var weights = new float[norms.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = scale * (float)Math.Min(1.0, clip / (norms[i] + 1e-6));
        WriteWeightedSum(weights);
        return norms;
    }
}
