using Verge.Inference.Privacy;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// The device's mechanism (<see cref="FeatureNoise"/>: L1 clip to B, nullify a share, add Laplace(2B/ε)) as a layer in
/// the training graph, so head and tail learn end to end with the noise in the loop (Mao et al., "Privacy-preserving
/// deep learning in mobile edge computing", 2018, train the device part under noise; Shredder, Mireshghallah et al.,
/// ASPLOS 2020, learns to keep only what the task needs). Every row gets a fresh draw, exactly as
/// <see cref="FeatureNoise.Apply"/> makes it. The gradient goes through the clip exactly (y = B·x/‖x‖₁ when
/// ‖x‖₁ &gt; B) and through the nullification mask; the Laplace draw is additive and passes the gradient unchanged.
/// </summary>
internal sealed class NoisyCrossing(FeatureNoise noise, Random random) : Layer
{
    private Tensor? _out;
    private float[] _mask = [];

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], d = x.Length / n;
        var y = Tensor.Reuse(ref _out, x.Shape);
        if (_mask.Length < x.Length) _mask = new float[x.Length];
        var (mask, norms) = (_mask, new double[n]);
        double b = noise.LaplaceScale;
        for (int r = 0; r < n; r++)
        {
            var row = x.Data.AsSpan(r * d, d);
            foreach (var v in row) norms[r] += Math.Abs(v);
            float scale = norms[r] > noise.ClipL1 ? (float)(noise.ClipL1 / norms[r]) : 1f;
            // The same draws, in the same order, as FeatureNoise.Apply: the mask's uniform, then the Laplace.
            for (int i = r * d; i < (r + 1) * d; i++)
            {
                mask[i] = random.NextDouble() < noise.Nullification ? 0f : 1f;
                y.Data[i] = mask[i] * x.Data[i] * scale + (float)FeatureNoise.Laplace(random, b);
            }
        }
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            for (int r = 0; r < n; r++)
            {
                int o = r * d;
                if (norms[r] <= noise.ClipL1)
                {
                    for (int i = o; i < o + d; i++) dx[i] += dy[i] * mask[i];
                    continue;
                }
                // y = B·x/N with N = ‖x‖₁: dx = (B/N)·(h − (h·x / N)·sign(x)), h = mask ⊙ dy.
                double s = noise.ClipL1 / norms[r], hx = 0;
                for (int i = o; i < o + d; i++) hx += dy[i] * mask[i] * x.Data[i];
                double k = hx / norms[r];
                for (int i = o; i < o + d; i++)
                    dx[i] += (float)(s * (dy[i] * mask[i] - k * Math.Sign(x.Data[i])));
            }
        }, x);
        return y;
    }
}
