using System.Runtime.InteropServices;

namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// Arithmetic in Z_2^64 (ulong wrap-around) with fixed-point encoding: a real x is round(x · 2^16) as a two's
/// complement ring element (CrypTen's encoder, Knott et al., NeurIPS 2021). Whole arrays at a time.
/// </summary>
public static class Ring
{
    /// <summary>Fractional bits of the fixed-point encoding.</summary>
    public const int FractionBits = 16;
    public const double Scale = 1 << FractionBits;

    public static ulong Encode(double x) => (ulong)(long)Math.Round(x * Scale);

    public static double Decode(ulong v) => (long)v / Scale;

    public static ulong[] Encode(ReadOnlySpan<float> x)
    {
        var r = new ulong[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = Encode(x[i]);
        return r;
    }

    public static float[] Decode(ReadOnlySpan<ulong> v)
    {
        var r = new float[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (float)Decode(v[i]);
        return r;
    }

    public static ulong[] Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var r = new ulong[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i];
        return r;
    }

    public static ulong[] Sub(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var r = new ulong[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] - b[i];
        return r;
    }

    public static void AddInPlace(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (int i = 0; i < a.Length; i++) a[i] += b[i];
    }

    /// <summary>C (m×n) += A (m×k) · B (k×n), row-major, mod 2^64.</summary>
    public static void MatMulAdd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            var ai = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                ulong s = ai[p];
                if (s == 0) continue;
                var bp = b.Slice(p * n, n);
                for (int j = 0; j < n; j++) row[j] += s * bp[j];
            }
        }
    }

    public static ulong[] MatMul(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int m, int k, int n)
    {
        var c = new ulong[m * n];
        MatMulAdd(a, b, c, m, k, n);
        return c;
    }

    /// <summary>
    /// SecureML's local truncation of a share by <see cref="FractionBits"/> (Mohassel and Zhang, S&amp;P 2017, §4.1):
    /// party 0 shifts its share, party 1 negates, shifts and negates back. The sum is the truncated value up to one
    /// unit in the last place, except with probability |x|/2^64 per element (x the value before truncation).
    /// </summary>
    public static void Truncate(Span<ulong> share, int party)
    {
        if (party == 0)
            for (int i = 0; i < share.Length; i++) share[i] = (ulong)((long)share[i] >> FractionBits);
        else
            for (int i = 0; i < share.Length; i++) share[i] = (ulong)-((-(long)share[i]) >> FractionBits);
    }

    public static byte[] ToBytes(ReadOnlySpan<ulong> v) => MemoryMarshal.AsBytes(v).ToArray();

    public static ulong[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, ulong>(bytes).ToArray();
}
