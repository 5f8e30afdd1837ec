using System.Numerics;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>Number theory the Paillier scheme needs on <see cref="BigInteger"/>: inverses, primes, uniform draws (from the caller's source).</summary>
public static class BigMath
{
    private static readonly int[] SmallPrimes = Enumerable.Range(3, 2000).Where(IsSmallPrime).ToArray();

    /// <summary>a⁻¹ mod m by the extended Euclidean algorithm; throws when gcd(a, m) ≠ 1.</summary>
    public static BigInteger ModInverse(BigInteger a, BigInteger m)
    {
        BigInteger r0 = m, r1 = Mod(a, m), t0 = 0, t1 = 1;
        while (!r1.IsZero)
        {
            var q = BigInteger.Divide(r0, r1);
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        if (!r0.IsOne) throw new ArithmeticException("the value has no inverse modulo m");
        return Mod(t0, m);
    }

    public static BigInteger Mod(BigInteger a, BigInteger m)
    {
        var r = BigInteger.Remainder(a, m);
        return r.Sign < 0 ? r + m : r;
    }

    /// <summary>A uniform value in [0, bound) from <paramref name="random"/> (rejection sampling).</summary>
    public static BigInteger Below(BigInteger bound, IRandomSource random)
    {
        int bytes = bound.GetByteCount(isUnsigned: true);
        int topBits = (int)(bound.GetBitLength() - 8L * (bytes - 1));
        var buffer = new byte[bytes];
        while (true)
        {
            random.Fill(buffer);
            buffer[^1] &= (byte)((1 << topBits) - 1);
            var v = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (v < bound) return v;
        }
    }

    /// <summary>A uniform unit of Z_n (a value in [1, n) coprime to n).</summary>
    public static BigInteger Unit(BigInteger n, IRandomSource random)
    {
        while (true)
        {
            var r = Below(n, random);
            if (!r.IsZero && BigInteger.GreatestCommonDivisor(r, n).IsOne) return r;
        }
    }

    /// <summary>A random prime of exactly <paramref name="bits"/> bits with its top two bits set (so p·q has 2·bits bits).</summary>
    public static BigInteger Prime(int bits, IRandomSource random)
    {
        var buffer = new byte[(bits + 7) / 8];
        while (true)
        {
            random.Fill(buffer);
            int excess = buffer.Length * 8 - bits;
            buffer[^1] &= (byte)(0xFF >> excess);
            buffer[^1] |= (byte)(0xC0 >> excess);
            buffer[0] |= 1;
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (IsProbablePrime(candidate, 40, random)) return candidate;
        }
    }

    /// <summary>Trial division by small primes, then Miller–Rabin with <paramref name="rounds"/> random bases.</summary>
    public static bool IsProbablePrime(BigInteger n, int rounds, IRandomSource random)
    {
        if (n < 2) return false;
        foreach (var p in SmallPrimes)
        {
            if (n == p) return true;
            if ((n % p).IsZero) return false;
        }
        var d = n - 1;
        int s = 0;
        while (d.IsEven) (d, s) = (d >> 1, s + 1);
        for (int i = 0; i < rounds; i++)
        {
            var a = 2 + Below(n - 3, random);
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1) continue;
            bool composite = true;
            for (int r = 1; r < s && composite; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) composite = false;
            }
            if (composite) return false;
        }
        return true;
    }

    private static bool IsSmallPrime(int v)
    {
        for (int d = 2; d * d <= v; d++)
            if (v % d == 0) return false;
        return true;
    }
}
