using Verge.Inference.Privacy;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// The device's half of split learning with DP on activations (Mao et al., "Privacy-preserving deep learning via
/// differential privacy in a split architecture", 2018): the head's activations of each example are clipped to L1
/// norm B, nullified and perturbed with Laplace noise (<see cref="FeatureNoise"/>, ε-local DP per example and step)
/// before they leave; the gradient that comes back flows through the clip's scale into the head's own step.
/// </summary>
public sealed class SplitHead
{
    private readonly Sequential _head;
    private readonly Adam _optimizer;
    private readonly FeatureNoise? _noise;
    private readonly Random _random;
    private Tensor? _last;
    private float[] _scales = [];

    /// <param name="noise">null: activations leave clean (the baseline).</param>
    public SplitHead(Sequential head, float learningRate, FeatureNoise? noise, Random random)
    {
        _head = head;
        _optimizer = new Adam(head.Parameters(), learningRate);
        _noise = noise;
        _random = random;
    }

    public Sequential Layers => _head;

    /// <summary>Runs the head on <paramref name="n"/> images and returns what leaves the device, with its shape.</summary>
    public (float[] Activations, int[] Shape) Forward(float[] images, int[] imageShape, int n, bool train)
    {
        if (train) { _head.Train(); _optimizer.ZeroGrad(); } else _head.Eval();
        _last = _head.Forward(new Tensor(images, [n, .. imageShape]));
        var sent = _last.ToArray();
        int d = sent.Length / n;
        _scales = new float[n];
        for (int r = 0; r < n; r++)
        {
            var row = sent.AsSpan(r * d, d);
            double norm = 0;
            foreach (var v in row) norm += Math.Abs(v);
            _scales[r] = _noise is null || norm <= _noise.ClipL1 ? 1f : (float)(_noise.ClipL1 / norm);
            _noise?.Apply(row, _random);
        }
        return (sent, _last.Shape);
    }

    /// <summary>Back-propagates the edge's gradient through the clip (noise is additive: it passes unchanged) and steps.</summary>
    public void Backward(float[] gradient)
    {
        var seed = (float[])gradient.Clone();
        int d = seed.Length / _scales.Length;
        for (int r = 0; r < _scales.Length; r++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(seed.AsSpan(r * d, d), _scales[r], seed.AsSpan(r * d, d));
        _last!.Backward(seed);
        _optimizer.Step();
    }
}
