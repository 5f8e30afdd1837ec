using System.Numerics;

namespace Verge.Learning.Engine;

/// <summary>Small fused element-wise kernels (one pass instead of several TensorPrimitives calls on short planes).</summary>
internal static class VectorMath
{
    /// <summary>dst = x·a + b.</summary>
    public static void Affine(ReadOnlySpan<float> x, float a, float b, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(x[i..]) * va + vb).CopyTo(dst[i..]);
        }
        for (; i < x.Length; i++) dst[i] = x[i] * a + b;
    }

    /// <summary>dst += dy·a + x·b + c.</summary>
    public static void AccumulateAffine2(ReadOnlySpan<float> dy, float a, ReadOnlySpan<float> x, float b, float c, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (va, vb, vc) = (new Vector<float>(a), new Vector<float>(b), new Vector<float>(c));
            for (; i <= dst.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(dst[i..]) + new Vector<float>(dy[i..]) * va + new Vector<float>(x[i..]) * vb + vc).CopyTo(dst[i..]);
        }
        for (; i < dst.Length; i++) dst[i] += dy[i] * a + x[i] * b + c;
    }
}
