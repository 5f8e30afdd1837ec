using System.Numerics.Tensors;
using Verge.Learning.Engine;
using Tensor = Verge.Learning.Engine.Tensor;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// y = x·Wᵀ + b: example i's weight gradient is the outer product δᵢ·xᵢᵀ, so its squared norm is ‖δᵢ‖²·‖xᵢ‖²
/// (Goodfellow, arXiv:1510.01799) and a weighted sum over examples is one GEMM, (w∘δ)ᵀ·x — no per-example matrix
/// is ever formed.
/// </summary>
internal sealed class LinearRule(Linear layer) : IPerExampleRule
{
    private Tensor? _x, _y;
    private float[] _scaled = [];

    public IReadOnlyList<Tensor> Parameters { get; } = [layer.Weight, layer.Bias];

    public void Record(Tensor input, Tensor output) => (_x, _y) = (input, output);

    public void AddSquaredNorms(Span<double> norms)
    {
        var (x, dy) = (_x!.Data, _y!.Grad!);
        int inF = layer.InFeatures, outF = layer.OutFeatures;
        for (int i = 0; i < norms.Length; i++)
        {
            double d2 = TensorPrimitives.SumOfSquares(dy.AsSpan(i * outF, outF));
            double x2 = TensorPrimitives.SumOfSquares(x.AsSpan(i * inF, inF));
            norms[i] += d2 * (x2 + 1); // weight and bias
        }
    }

    public void WriteWeightedSum(ReadOnlySpan<float> weights)
    {
        var (x, dy) = (_x!.Data, _y!.Grad!);
        int n = weights.Length, inF = layer.InFeatures, outF = layer.OutFeatures;
        if (_scaled.Length < n * outF) _scaled = new float[n * outF];
        var db = layer.Bias.EnsureGrad();
        Array.Clear(db);
        for (int i = 0; i < n; i++)
        {
            var row = _scaled.AsSpan(i * outF, outF);
            TensorPrimitives.Multiply(dy.AsSpan(i * outF, outF), weights[i], row);
            TensorPrimitives.Add(db, row, db);
        }
        Blas.Gemm(true, false, outF, inF, n, 1f, _scaled, outF, x, inF, 0f, layer.Weight.EnsureGrad(), inF);
    }
}
