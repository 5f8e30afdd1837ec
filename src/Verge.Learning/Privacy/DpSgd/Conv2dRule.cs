using System.Numerics.Tensors;
using Verge.Learning.Engine;
using Tensor = Verge.Learning.Engine.Tensor;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// Convolution: example i's weight gradient is δᵢ [C_out × P] times its own columns of the batch's im2col matrix
/// [C·k·k × P] transposed — one small GEMM per example and group, run in parallel over examples, reading the patch
/// matrix the forward pass already built (Rochette et al., arXiv:1912.06015). The bias gradient is δᵢ summed over
/// positions. The per-example gradients are kept for the weighted sum that follows.
/// </summary>
internal sealed class Conv2dRule(Conv2d layer) : IPerExampleRule
{
    private Tensor? _y;
    private float[] _patches = [];
    private float[] _grads = [], _biasGrads = [];
    private int _n;

    public IReadOnlyList<Tensor> Parameters { get; } = layer.Bias is null ? [layer.Weight] : [layer.Weight, layer.Bias];

    public void Record(Tensor input, Tensor output) => (_y, _patches) = (output, layer.LastPatches);

    private int WeightSize => layer.Weight.Length;

    public void AddSquaredNorms(Span<double> norms)
    {
        int n = norms.Length, cout = layer.OutChannels, groups = layer.Groups, og = cout / groups;
        int p = _y!.Shape[2] * _y.Shape[3], np = n * p, k = WeightSize / cout, size = WeightSize;
        var dy = _y.Grad!;
        if (_grads.Length < n * size) _grads = new float[n * size];
        if (_biasGrads.Length < n * cout) _biasGrads = new float[n * cout];
        var (grads, biasGrads, patches) = (_grads, _biasGrads, _patches);
        var result = new double[n];
        Parallelism.For(n, (long)size * p, i =>
        {
            for (int g = 0; g < groups; g++)
                Blas.GemmSingle(false, true, og, k, p, 1f, dy.AsSpan((i * cout + g * og) * p), p,
                    patches.AsSpan(g * k * np + i * p), np, 0f, grads.AsSpan(i * size + g * og * k), k);
            double sum = TensorPrimitives.SumOfSquares(grads.AsSpan(i * size, size));
            if (layer.Bias is not null)
                for (int c = 0; c < cout; c++)
                {
                    float b = TensorPrimitives.Sum(dy.AsSpan((i * cout + c) * p, p));
                    biasGrads[i * cout + c] = b;
                    sum += (double)b * b;
                }
            result[i] = sum;
        });
        for (int i = 0; i < n; i++) norms[i] += result[i];
        _n = n;
    }

    public void WriteWeightedSum(ReadOnlySpan<float> weights)
    {
        if (_n != weights.Length) throw new InvalidOperationException("per-example norms must be taken before the weighted sum");
        int cout = layer.OutChannels, size = WeightSize;
        int n = weights.Length;
        // Σᵢ wᵢ·gᵢ as the 1×n by n×size product wᵀ·G.
        Blas.Gemm(false, false, 1, size, n, 1f, weights, n, _grads, size, 0f, layer.Weight.EnsureGrad(), size);
        if (layer.Bias is not null) Blas.Gemm(false, false, 1, cout, n, 1f, weights, n, _biasGrads, cout, 0f, layer.Bias.EnsureGrad(), cout);
    }
}
