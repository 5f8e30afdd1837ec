using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// Shamir's t-out-of-n secret sharing (Shamir, CACM 1979) of a byte string over the prime field of the Mersenne
/// prime p = 2^61 − 1: the secret is cut into 7-byte chunks (each below p), every chunk is the constant term of its
/// own random polynomial of degree t − 1, and a share is the polynomials' values at the holder's point x ≠ 0.
/// Any t shares give the secret back by Lagrange interpolation at 0; fewer reveal nothing about it.
/// </summary>
public static class Shamir
{
    public const ulong Prime = (1UL << 61) - 1;
    private const int ChunkBytes = 7;

    public static int Chunks(int secretLength) => (secretLength + ChunkBytes - 1) / ChunkBytes;

    /// <summary>One share per point in <paramref name="points"/> (distinct, 1 ≤ x &lt; p): the value of every chunk's polynomial at x.</summary>
    public static Dictionary<int, ulong[]> Split(ReadOnlySpan<byte> secret, int threshold, IReadOnlyList<int> points)
    {
        if (threshold < 1 || threshold > points.Count)
            throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold {threshold} needs 1..{points.Count} holders");
        int chunks = Chunks(secret.Length);
        var coefficients = new ulong[chunks, threshold];
        Span<byte> word = stackalloc byte[8];
        for (int c = 0; c < chunks; c++)
        {
            word.Clear();
            secret.Slice(c * ChunkBytes, Math.Min(ChunkBytes, secret.Length - c * ChunkBytes)).CopyTo(word);
            coefficients[c, 0] = BinaryPrimitives.ReadUInt64LittleEndian(word);
            for (int k = 1; k < threshold; k++) coefficients[c, k] = RandomElement();
        }
        var shares = new Dictionary<int, ulong[]>(points.Count);
        foreach (int x in points)
        {
            if (x <= 0) throw new ArgumentOutOfRangeException(nameof(points), "share points must be positive");
            var share = new ulong[chunks];
            for (int c = 0; c < chunks; c++)
            {
                // Horner's rule from the highest coefficient down.
                ulong y = 0;
                for (int k = threshold - 1; k >= 0; k--) y = Add(Mul(y, (ulong)x), coefficients[c, k]);
                share[c] = y;
            }
            shares.Add(x, share);
        }
        return shares;
    }

    /// <summary>The secret of <paramref name="secretLength"/> bytes from any <paramref name="threshold"/> shares (extra ones are ignored).</summary>
    public static byte[] Combine(IReadOnlyList<(int X, ulong[] Y)> shares, int threshold, int secretLength)
    {
        if (shares.Count < threshold) throw new ArgumentException($"{shares.Count} shares, {threshold} needed");
        var used = shares.Take(threshold).ToArray();
        int chunks = Chunks(secretLength);
        // Lagrange basis at 0: λᵢ = Π_{j≠i} xⱼ / (xⱼ − xᵢ).
        var lambda = new ulong[used.Length];
        for (int i = 0; i < used.Length; i++)
        {
            ulong num = 1, den = 1;
            for (int j = 0; j < used.Length; j++)
            {
                if (i == j) continue;
                if (used[i].X == used[j].X) throw new ArgumentException($"two shares at x = {used[i].X}");
                num = Mul(num, (ulong)used[j].X);
                den = Mul(den, Sub((ulong)used[j].X, (ulong)used[i].X));
            }
            lambda[i] = Mul(num, Inverse(den));
        }
        var secret = new byte[chunks * ChunkBytes + 1];
        for (int c = 0; c < chunks; c++)
        {
            ulong s = 0;
            for (int i = 0; i < used.Length; i++)
            {
                if (used[i].Y.Length != chunks) throw new ArgumentException($"a share has {used[i].Y.Length} chunks, {chunks} expected");
                s = Add(s, Mul(lambda[i], used[i].Y[c] % Prime));
            }
            BinaryPrimitives.WriteUInt64LittleEndian(secret.AsSpan(c * ChunkBytes), s);
        }
        return secret[..secretLength];
    }

    internal static ulong Add(ulong a, ulong b)
    {
        ulong s = a + b;
        return s >= Prime ? s - Prime : s;
    }

    internal static ulong Sub(ulong a, ulong b) => a >= b ? a - b : a + Prime - b;

    internal static ulong Mul(ulong a, ulong b)
    {
        // x mod (2^61 − 1) = (x & p) + (x >> 61), reduced once more.
        UInt128 r = (UInt128)a * b;
        ulong s = (ulong)(r & Prime) + (ulong)(r >> 61);
        while (s >= Prime) s -= Prime;
        return s;
    }

    internal static ulong Inverse(ulong a)
    {
        if (a == 0) throw new DivideByZeroException("0 has no inverse");
        // Fermat: a^(p−2) = a^(−1) mod p.
        ulong result = 1, b = a, e = Prime - 2;
        while (e > 0)
        {
            if ((e & 1) != 0) result = Mul(result, b);
            b = Mul(b, b);
            e >>= 1;
        }
        return result;
    }

    private static ulong RandomElement()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 3;
            if (v < Prime) return v;
        }
    }
}
