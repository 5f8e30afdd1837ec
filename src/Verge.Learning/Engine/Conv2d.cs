using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>
/// 2-D convolution over NCHW input with stride, zero padding and groups (groups = channels gives a depthwise
/// convolution). Computed as im2col over the whole batch and one OpenBLAS sgemm per group.
/// </summary>
public sealed class Conv2d : Layer
{
    private Tensor? _out;
    private Scratch _col, _y, _dy, _dcol;

    public Conv2d(int inChannels, int outChannels, int kernel, Rng rng, int stride = 1, int padding = 0, int groups = 1, bool bias = true)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"channels {inChannels}->{outChannels} are not divisible by groups {groups}");
        (InChannels, OutChannels, Kernel, Stride, Padding, Groups) = (inChannels, outChannels, kernel, stride, padding, groups);
        Weight = Parameter("weight", outChannels, inChannels / groups, kernel, kernel);
        rng.HeUniform(Weight.Data, inChannels / groups * kernel * kernel);
        Bias = bias ? Parameter("bias", outChannels) : null;
    }

    public int InChannels { get; }
    public int OutChannels { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    /// <summary>The last forward pass's patch matrix [C·k·k, N·P] (valid until the next one), for per-example gradients.</summary>
    internal float[] LastPatches { get; private set; } = [];

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        if (c != InChannels) throw new ArgumentException($"Conv2d expects {InChannels} channels, got {c}");
        int oh = (h + 2 * Padding - Kernel) / Stride + 1, ow = (w + 2 * Padding - Kernel) / Stride + 1;
        int p = oh * ow, np = n * p, kk = Kernel * Kernel;
        int og = OutChannels / Groups, k = InChannels / Groups * kk;

        var col = _col.Get(c * kk * np);
        Parallelism.For(c, (long)n * kk * p, ch => Im2Col(x.Data, col, ch, n, c, h, w, oh, ow, np));
        LastPatches = col;
        var y = _y.Get(OutChannels * np);
        for (int g = 0; g < Groups; g++)
            Blas.Gemm(false, false, og, np, k, 1f, Weight.Data.AsSpan(g * og * k), k,
                col.AsSpan(g * k * np), np, 0f, y.AsSpan(g * og * np), np);

        var output = Tensor.Reuse(ref _out, n, OutChannels, oh, ow);
        var outData = output.Data;
        Parallelism.For(n, (long)OutChannels * p, i =>
        {
            for (int co = 0; co < OutChannels; co++)
            {
                var src = y.AsSpan(co * np + i * p, p);
                var dst = outData.AsSpan((i * OutChannels + co) * p, p);
                if (Bias is null) src.CopyTo(dst);
                else TensorPrimitives.Add(src, Bias.Data[co], dst);
            }
        });

        output.SetOrigin(() =>
        {
            var dOut = output.Grad!;
            var dy = _dy.Get(OutChannels * np);
            Parallelism.For(n, (long)OutChannels * p, i =>
            {
                for (int co = 0; co < OutChannels; co++)
                    dOut.AsSpan((i * OutChannels + co) * p, p).CopyTo(dy.AsSpan(co * np + i * p, p));
            });
            if (Bias is not null)
            {
                var db = Bias.EnsureGrad();
                for (int co = 0; co < OutChannels; co++) db[co] += TensorPrimitives.Sum(dy.AsSpan(co * np, np));
            }
            var dw = Weight.EnsureGrad();
            for (int g = 0; g < Groups; g++)
                Blas.Gemm(false, true, og, k, np, 1f, dy.AsSpan(g * og * np), np, col.AsSpan(g * k * np), np,
                    1f, dw.AsSpan(g * og * k), k);
            if (!x.RequiresGrad) return;
            var dcol = _dcol.Get(c * kk * np);
            for (int g = 0; g < Groups; g++)
                Blas.Gemm(true, false, k, np, og, 1f, Weight.Data.AsSpan(g * og * k), k, dy.AsSpan(g * og * np), np,
                    0f, dcol.AsSpan(g * k * np), np);
            var dx = x.Grad!;
            Parallelism.For(c, (long)n * kk * p, ch => Col2Im(dcol, dx, ch, n, c, h, w, oh, ow, np));
        }, Bias is null ? [x, Weight] : [x, Weight, Bias]);
        return output;
    }

    /// <summary>
    /// Writes input channel <paramref name="ch"/>'s k·k rows of the [C·k·k, N·P] patch matrix, each row written
    /// front to back across the batch (row-at-a-time keeps the stores sequential; sample-at-a-time scattered
    /// them over k·k·C rows and ran several times slower).
    /// </summary>
    private unsafe void Im2Col(float[] x, float[] col, int ch, int n, int c, int h, int w, int oh, int ow, int np)
    {
        int p = oh * ow, s = Stride;
        fixed (float* xp = x, cp = col)
            for (int ki = 0; ki < Kernel; ki++)
            for (int kj = 0; kj < Kernel; kj++)
            {
                var (lo, hi) = ValidRange(kj, ow, w);
                float* dst = cp + (long)((ch * Kernel + ki) * Kernel + kj) * np;
                for (int i = 0; i < n; i++)
                {
                    float* plane = xp + (long)(i * c + ch) * h * w;
                    for (int r = 0; r < oh; r++, dst += ow)
                    {
                        int ih = r * s - Padding + ki;
                        if (ih < 0 || ih >= h || hi <= lo) { new Span<float>(dst, ow).Clear(); continue; }
                        for (int q = 0; q < lo; q++) dst[q] = 0f;
                        for (int q = hi; q < ow; q++) dst[q] = 0f;
                        float* src = plane + ih * w + lo * s - Padding + kj;
                        if (s == 1) for (int q = lo; q < hi; q++) dst[q] = *src++;
                        else for (int q = lo; q < hi; q++, src += s) dst[q] = *src;
                    }
                }
            }
    }

    /// <summary>Adds channel <paramref name="ch"/>'s rows of the patch-gradient matrix back into dx (the adjoint of <see cref="Im2Col"/>).</summary>
    private unsafe void Col2Im(float[] dcol, float[] dx, int ch, int n, int c, int h, int w, int oh, int ow, int np)
    {
        int s = Stride;
        fixed (float* dp = dcol, xp = dx)
            for (int ki = 0; ki < Kernel; ki++)
            for (int kj = 0; kj < Kernel; kj++)
            {
                var (lo, hi) = ValidRange(kj, ow, w);
                float* src = dp + (long)((ch * Kernel + ki) * Kernel + kj) * np;
                for (int i = 0; i < n; i++)
                {
                    float* plane = xp + (long)(i * c + ch) * h * w;
                    for (int r = 0; r < oh; r++, src += ow)
                    {
                        int ih = r * s - Padding + ki;
                        if (ih < 0 || ih >= h || hi <= lo) continue;
                        float* dst = plane + ih * w + lo * s - Padding + kj;
                        if (s == 1) for (int q = lo; q < hi; q++) *dst++ += src[q];
                        else for (int q = lo; q < hi; q++, dst += s) *dst += src[q];
                    }
                }
            }
    }

    /// <summary>Output columns [lo, hi) whose input column for kernel offset <paramref name="kj"/> lies inside the image.</summary>
    private (int Lo, int Hi) ValidRange(int kj, int ow, int w)
    {
        int lo = 0;
        while (lo < ow && lo * Stride - Padding + kj < 0) lo++;
        int hi = ow;
        while (hi > lo && (hi - 1) * Stride - Padding + kj >= w) hi--;
        return (lo, hi);
    }
}
