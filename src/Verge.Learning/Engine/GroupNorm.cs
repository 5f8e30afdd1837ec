using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>
/// Group normalisation (Wu and He, ECCV 2018): the channels of each example are split into <see cref="Groups"/>
/// groups, each normalised over its channels and pixels by its own mean and variance, then scaled and shifted per
/// channel. Unlike batch norm no statistic crosses examples, so training and evaluation compute the same thing and
/// every example has its own gradient — the normalisation DP-SGD can use (Opacus's advice in place of batch norm).
/// After a backward pass <see cref="ScaleGradPerExample"/> and <see cref="ShiftGradPerExample"/> hold each example's
/// gradient of the affine parameters, which the engine needs anyway to form their batch gradient.
/// </summary>
public sealed class GroupNorm : Layer
{
    private Tensor? _out;
    private Scratch _xhat, _invStd, _dScale, _dShift;

    public GroupNorm(int groups, int channels, float epsilon = 1e-5f)
    {
        if (groups < 1 || channels % groups != 0) throw new ArgumentException($"GroupNorm: {channels} channels do not split into {groups} groups");
        (Groups, Channels, Epsilon) = (groups, channels, epsilon);
        Scale = Parameter("weight", channels);
        Array.Fill(Scale.Data, 1f);
        Shift = Parameter("bias", channels);
    }

    public int Groups { get; }
    public int Channels { get; }
    public float Epsilon { get; }
    public Tensor Scale { get; }
    public Tensor Shift { get; }

    /// <summary>[N, C] after backward: Σ over pixels of dy·x̂, example n's gradient of the scale γ.</summary>
    internal float[] ScaleGradPerExample { get; private set; } = [];

    /// <summary>[N, C] after backward: Σ over pixels of dy, example n's gradient of the shift β.</summary>
    internal float[] ShiftGradPerExample { get; private set; } = [];

    /// <summary>Examples in the last backward pass.</summary>
    internal int LastBatch { get; private set; }

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], hw = x.Length / Math.Max(1, n * c);
        if (c != Channels) throw new ArgumentException($"GroupNorm expects {Channels} channels, got {c}");
        int perGroup = c / Groups, m = perGroup * hw;
        var y = Tensor.Reuse(ref _out, x.Shape);
        var xhat = _xhat.Get(x.Length);
        var invStd = _invStd.Get(n * Groups);
        var (xd, yd) = (x.Data, y.Data);
        Parallelism.For(n * Groups, m, ng =>
        {
            int start = ng * m; // example n's group g is contiguous: channels g·C/G … (g+1)·C/G − 1
            var group = xd.AsSpan(start, m);
            double mean = TensorPrimitives.Sum(group) / (double)m, variance = 0;
            foreach (float v in group) variance += (v - mean) * (v - mean);
            variance /= m;
            float inv = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            invStd[ng] = inv;
            VectorMath.Affine(group, inv, (float)(-mean * inv), xhat.AsSpan(start, m));
            int first = ng % Groups * perGroup;
            for (int k = 0; k < perGroup; k++)
            {
                int at = start + k * hw;
                VectorMath.Affine(xhat.AsSpan(at, hw), Scale.Data[first + k], Shift.Data[first + k], yd.AsSpan(at, hw));
            }
        });
        y.SetOrigin(() => Backward(x, y, n, hw), x, Scale, Shift);
        return y;
    }

    private void Backward(Tensor x, Tensor y, int n, int hw)
    {
        int c = Channels, perGroup = c / Groups, m = perGroup * hw;
        var dy = y.Grad!;
        var xhat = _xhat.Get(0);
        var invStd = _invStd.Get(0);
        var (dScale, dShift) = (_dScale.Get(n * c), _dShift.Get(n * c));
        var dx = x.Grad;
        Parallelism.For(n * Groups, m, ng =>
        {
            int start = ng * m, first = ng / Groups * c + ng % Groups * perGroup;
            double meanDxhat = 0, meanDxhatXhat = 0;
            for (int k = 0; k < perGroup; k++)
            {
                int at = start + k * hw;
                float a = TensorPrimitives.Dot(dy.AsSpan(at, hw), xhat.AsSpan(at, hw)), b = TensorPrimitives.Sum(dy.AsSpan(at, hw));
                (dScale[first + k], dShift[first + k]) = (a, b);
                float gamma = Scale.Data[first % c + k];
                meanDxhat += gamma * b;
                meanDxhatXhat += gamma * a;
            }
            if (dx is null) return;
            // Per group: dx = (1/σ)·(γ·dy − mean(γ·dy) − x̂·mean(γ·dy·x̂)), the statistics being this example's own.
            float inv = invStd[ng], mean1 = (float)(meanDxhat / m), mean2 = (float)(meanDxhatXhat / m);
            for (int k = 0; k < perGroup; k++)
            {
                int at = start + k * hw;
                float gamma = Scale.Data[first % c + k];
                VectorMath.AccumulateAffine2(dy.AsSpan(at, hw), gamma * inv, xhat.AsSpan(at, hw), -inv * mean2, -inv * mean1, dx.AsSpan(at, hw));
            }
        });
        var (dGamma, dBeta) = (Scale.EnsureGrad(), Shift.EnsureGrad());
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Add(dGamma, dScale.AsSpan(i * c, c), dGamma);
            TensorPrimitives.Add(dBeta, dShift.AsSpan(i * c, c), dBeta);
        }
        (ScaleGradPerExample, ShiftGradPerExample, LastBatch) = (dScale, dShift, n);
    }
}
