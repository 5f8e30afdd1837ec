using System.Numerics;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// A Paillier key pair held by the device. Decryption and the randomizers rⁿ use the Chinese remainder theorem over
/// p² and q² (Paillier 1999, §7), about three times faster than working mod n² directly.
/// </summary>
public sealed class PaillierKeyPair
{
    private readonly BigInteger _p, _q, _pSquared, _qSquared, _hp, _hq, _qInvP, _pSquaredInvQSquared, _nModPhiP, _nModPhiQ;

    public PaillierKeyPair(BigInteger p, BigInteger q)
    {
        if (p == q) throw new ArgumentException("p and q must differ");
        (_p, _q) = (p, q);
        Public = new PaillierPublicKey(p * q);
        (_pSquared, _qSquared) = (p * p, q * q);
        var g = Public.N + 1;
        _hp = BigMath.ModInverse(L(BigInteger.ModPow(g, p - 1, _pSquared), p), p);
        _hq = BigMath.ModInverse(L(BigInteger.ModPow(g, q - 1, _qSquared), q), q);
        _qInvP = BigMath.ModInverse(q, p);
        _pSquaredInvQSquared = BigMath.ModInverse(_pSquared, _qSquared);
        // |Z*_{p²}| = p(p − 1): the exponent n reduces modulo it.
        _nModPhiP = Public.N % (p * (p - 1));
        _nModPhiQ = Public.N % (q * (q - 1));
    }

    public PaillierPublicKey Public { get; }

    /// <summary>A fresh key whose modulus n has <paramref name="bits"/> bits, its primes drawn from <paramref name="random"/>.</summary>
    public static PaillierKeyPair Generate(int bits, IRandomSource random)
    {
        if (bits is < 64 or > 8192 || bits % 2 != 0) throw new ArgumentOutOfRangeException(nameof(bits), "key size must be even, 64..8192");
        while (true)
        {
            var p = BigMath.Prime(bits / 2, random);
            var q = BigMath.Prime(bits / 2, random);
            if (p != q && BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)).IsOne) return new PaillierKeyPair(p, q);
        }
    }

    /// <summary>m = Dec(c) in [0, n).</summary>
    public BigInteger Decrypt(BigInteger c)
    {
        var mp = BigMath.Mod(L(BigInteger.ModPow(c % _pSquared, _p - 1, _pSquared), _p) * _hp, _p);
        var mq = BigMath.Mod(L(BigInteger.ModPow(c % _qSquared, _q - 1, _qSquared), _q) * _hq, _q);
        return mq + BigMath.Mod((mp - mq) * _qInvP, _p) * _q;
    }

    /// <summary>Dec(c) read as a signed value in (−n/2, n/2], the fixed-point encoding's range.</summary>
    public BigInteger DecryptSigned(BigInteger c)
    {
        var m = Decrypt(c);
        return m > Public.N / 2 ? m - Public.N : m;
    }

    /// <summary>rⁿ mod n² computed mod p² and q² and recombined: the same value as <see cref="PaillierPublicKey.Randomizer"/>, cheaper.</summary>
    public BigInteger Randomizer(IRandomSource random) => RandomizerOf(BigMath.Unit(Public.N, random));

    /// <summary>rⁿ mod n² by the CRT for a unit r the caller drew.</summary>
    public BigInteger RandomizerOf(BigInteger r)
    {
        var a = BigInteger.ModPow(r % _pSquared, _nModPhiP, _pSquared);
        var b = BigInteger.ModPow(r % _qSquared, _nModPhiQ, _qSquared);
        return a + BigMath.Mod((b - a) * _pSquaredInvQSquared, _qSquared) * _pSquared;
    }

    public BigInteger Encrypt(BigInteger m, IRandomSource random) => Public.Encrypt(m, Randomizer(random));

    private static BigInteger L(BigInteger u, BigInteger p) => (u - 1) / p;
}
