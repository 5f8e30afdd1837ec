namespace Verge.Learning.Engine;

/// <summary>Max pooling over k×k windows (no padding); the gradient goes to the position that won.</summary>
public sealed class MaxPool2d(int kernel, int stride = 0) : Layer
{
    private Tensor? _out;
    private int[] _argmax = [];

    public int Kernel { get; } = kernel;
    public int Stride { get; } = stride > 0 ? stride : kernel;

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = (h - Kernel) / Stride + 1, ow = (w - Kernel) / Stride + 1;
        var y = Tensor.Reuse(ref _out, n, c, oh, ow);
        if (_argmax.Length < y.Length) _argmax = new int[y.Length];
        var argmax = _argmax;
        var (xd, yd) = (x.Data, y.Data);
        Parallelism.For(n * c, h * w, plane =>
        {
            int inBase = plane * h * w, outBase = plane * oh * ow;
            if (Kernel == 2 && Stride == 2) Pool2x2(xd, yd, argmax, inBase, outBase, w, oh, ow);
            else PoolAny(xd, yd, argmax, inBase, outBase, w, oh, ow);
        });
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            int per = oh * ow;
            // Windows may overlap when stride < kernel, so each plane is one task (planes never share inputs).
            Parallelism.For(n * c, per, plane =>
            {
                for (int o = plane * per, end = o + per; o < end; o++) dx[argmax[o]] += dy[o];
            });
        }, x);
        return y;
    }

    private void PoolAny(float[] xd, float[] yd, int[] argmax, int inBase, int outBase, int w, int oh, int ow)
    {
        for (int r = 0; r < oh; r++)
        for (int q = 0; q < ow; q++)
        {
            int best = inBase + r * Stride * w + q * Stride;
            float bestValue = xd[best];
            for (int ki = 0; ki < Kernel; ki++)
            for (int kj = 0; kj < Kernel; kj++)
            {
                int idx = inBase + (r * Stride + ki) * w + q * Stride + kj;
                if (xd[idx] > bestValue) { bestValue = xd[idx]; best = idx; }
            }
            yd[outBase + r * ow + q] = bestValue;
            argmax[outBase + r * ow + q] = best;
        }
    }

    /// <summary>The common 2×2, stride-2 case without the generic loops.</summary>
    private static unsafe void Pool2x2(float[] xd, float[] yd, int[] argmax, int inBase, int outBase, int w, int oh, int ow)
    {
        fixed (float* x = xd, y = yd)
        fixed (int* arg = argmax)
            for (int r = 0; r < oh; r++)
            {
                int row = inBase + 2 * r * w;
                for (int q = 0; q < ow; q++)
                {
                    int i0 = row + 2 * q, best = i0;
                    float v = x[i0];
                    if (x[i0 + 1] > v) { v = x[i0 + 1]; best = i0 + 1; }
                    if (x[i0 + w] > v) { v = x[i0 + w]; best = i0 + w; }
                    if (x[i0 + w + 1] > v) { v = x[i0 + w + 1]; best = i0 + w + 1; }
                    int o = outBase + r * ow + q;
                    y[o] = v;
                    arg[o] = best;
                }
            }
    }
}
