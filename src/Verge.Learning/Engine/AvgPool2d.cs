namespace Verge.Learning.Engine;

/// <summary>Average pooling over k×k windows (no padding).</summary>
public sealed class AvgPool2d(int kernel, int stride = 0) : Layer
{
    private Tensor? _out;

    public int Kernel { get; } = kernel;
    public int Stride { get; } = stride > 0 ? stride : kernel;

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = (h - Kernel) / Stride + 1, ow = (w - Kernel) / Stride + 1;
        float scale = 1f / (Kernel * Kernel);
        var y = Tensor.Reuse(ref _out, n, c, oh, ow);
        var (xd, yd) = (x.Data, y.Data);
        Parallelism.For(n * c, h * w, plane =>
        {
            int inBase = plane * h * w, outBase = plane * oh * ow;
            for (int r = 0; r < oh; r++)
            for (int q = 0; q < ow; q++)
            {
                float sum = 0f;
                for (int ki = 0; ki < Kernel; ki++)
                for (int kj = 0; kj < Kernel; kj++)
                    sum += xd[inBase + (r * Stride + ki) * w + q * Stride + kj];
                yd[outBase + r * ow + q] = sum * scale;
            }
        });
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            Parallelism.For(n * c, h * w, plane =>
            {
                int inBase = plane * h * w, outBase = plane * oh * ow;
                for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                {
                    float g = dy[outBase + r * ow + q] * scale;
                    for (int ki = 0; ki < Kernel; ki++)
                    for (int kj = 0; kj < Kernel; kj++)
                        dx[inBase + (r * Stride + ki) * w + q * Stride + kj] += g;
                }
            });
        }, x);
        return y;
    }
}
