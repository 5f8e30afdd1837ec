using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Nearest-neighbour upsampling of [N, C, H, W] by an integer factor: lets a decoder rebuild 28×28 pixels from a
/// pooled feature map while keeping its spatial layout (each input cell feeds the factor×factor block above it).
/// </summary>
internal sealed class Upsample(int factor) : Layer
{
    private Tensor? _out;

    public int Factor { get; } = factor >= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), "factor must be at least 1");

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3], f = Factor;
        int oh = h * f, ow = w * f;
        var y = Tensor.Reuse(ref _out, n, c, oh, ow);
        var (xd, yd) = (x.Data, y.Data);
        for (int plane = 0; plane < n * c; plane++)
            for (int r = 0; r < oh; r++)
            {
                int src = plane * h * w + r / f * w, dst = plane * oh * ow + r * ow;
                for (int q = 0; q < ow; q++) yd[dst + q] = xd[src + q / f];
            }
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            // Each input cell received f×f copies, so its gradient is the sum of theirs.
            for (int plane = 0; plane < n * c; plane++)
                for (int r = 0; r < oh; r++)
                {
                    int src = plane * h * w + r / f * w, dst = plane * oh * ow + r * ow;
                    for (int q = 0; q < ow; q++) dx[src + q / f] += dy[dst + q];
                }
        }, x);
        return y;
    }
}
