using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// Group norm's scale and shift: example i's gradients are Σ_pixels dy·x̂ and Σ_pixels dy per channel, which the
/// layer's own backward pass already forms per example (<see cref="GroupNorm.ScaleGradPerExample"/>); the rule only
/// reads them. Its statistics are the example's own, so nothing crosses examples (Wu and He, ECCV 2018).
/// </summary>
internal sealed class GroupNormRule(GroupNorm layer) : IPerExampleRule
{
    public IReadOnlyList<Tensor> Parameters { get; } = [layer.Scale, layer.Shift];

    public void Record(Tensor input, Tensor output) { }

    public void AddSquaredNorms(Span<double> norms)
    {
        var (a, b, c) = Grads(norms.Length);
        for (int i = 0; i < norms.Length; i++)
        {
            double sum = 0;
            for (int k = i * c; k < (i + 1) * c; k++) sum += (double)a[k] * a[k] + (double)b[k] * b[k];
            norms[i] += sum;
        }
    }

    public void WriteWeightedSum(ReadOnlySpan<float> weights)
    {
        var (a, b, c) = Grads(weights.Length);
        var (dScale, dShift) = (layer.Scale.EnsureGrad(), layer.Shift.EnsureGrad());
        Array.Clear(dScale);
        Array.Clear(dShift);
        for (int i = 0; i < weights.Length; i++)
            for (int k = 0; k < c; k++)
            {
                dScale[k] += weights[i] * a[i * c + k];
                dShift[k] += weights[i] * b[i * c + k];
            }
    }

    private (float[] Scale, float[] Shift, int Channels) Grads(int batch)
    {
        if (layer.LastBatch != batch) throw new InvalidOperationException($"group norm saw a batch of {layer.LastBatch} in its last backward pass, not {batch}");
        return (layer.ScaleGradPerExample, layer.ShiftGradPerExample, layer.Channels);
    }
}
