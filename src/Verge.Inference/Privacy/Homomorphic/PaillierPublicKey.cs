using System.Numerics;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// The public half of a Paillier key (Paillier, EUROCRYPT 1999) with g = n + 1: Enc(m; r) = (1 + m·n)·rⁿ mod n².
/// Additively homomorphic: Enc(a)·Enc(b) = Enc(a + b) and Enc(a)^k = Enc(k·a), all mod n. Ciphertexts travel as
/// fixed-width big-endian integers of <see cref="CiphertextBytes"/> bytes each.
/// </summary>
public sealed class PaillierPublicKey
{
    public PaillierPublicKey(BigInteger n)
    {
        if (n < 15 || n.IsEven) throw new InputException("the Paillier modulus is not an odd composite; the device sent a bad key");
        N = n;
        NSquared = n * n;
        CiphertextBytes = NSquared.GetByteCount(isUnsigned: true);
    }

    public BigInteger N { get; }
    public BigInteger NSquared { get; }
    public int Bits => (int)N.GetBitLength();
    public int CiphertextBytes { get; }

    /// <summary>A fresh rⁿ mod n² (the encryption's randomness; input-independent, so it can be made ahead).</summary>
    public BigInteger Randomizer(IRandomSource random) => RandomizerOf(BigMath.Unit(N, random));

    /// <summary>rⁿ mod n² for a unit r the caller drew (parallel loops draw their units first, in order).</summary>
    public BigInteger RandomizerOf(BigInteger r) => BigInteger.ModPow(r, N, NSquared);

    /// <summary>Enc(m) with the given randomizer rⁿ; m is taken mod n (negative values wrap, as the encoding wants).</summary>
    public BigInteger Encrypt(BigInteger m, BigInteger randomizer) => BigMath.Mod((1 + BigMath.Mod(m, N) * N) * randomizer, NSquared);

    public BigInteger Encrypt(BigInteger m, IRandomSource random) => Encrypt(m, Randomizer(random));

    public BigInteger Add(BigInteger a, BigInteger b) => a * b % NSquared;

    /// <summary>Enc(k·m) from Enc(m): a negative k inverts the ciphertext first.</summary>
    public BigInteger Multiply(BigInteger c, BigInteger k) =>
        k.Sign >= 0 ? BigInteger.ModPow(c, k, NSquared) : BigInteger.ModPow(BigMath.ModInverse(c, NSquared), -k, NSquared);

    /// <summary>Multiplies by a fresh Enc(0), so the ciphertext no longer carries randomness the evaluator derived from the inputs.</summary>
    public BigInteger Rerandomize(BigInteger c, IRandomSource random) => c * Randomizer(random) % NSquared;

    public byte[] ToBytes(IReadOnlyList<BigInteger> ciphertexts)
    {
        var bytes = new byte[ciphertexts.Count * CiphertextBytes];
        for (int i = 0; i < ciphertexts.Count; i++)
        {
            var slot = bytes.AsSpan(i * CiphertextBytes, CiphertextBytes);
            int length = ciphertexts[i].GetByteCount(isUnsigned: true);
            ciphertexts[i].TryWriteBytes(slot[(CiphertextBytes - length)..], out _, isUnsigned: true, isBigEndian: true);
        }
        return bytes;
    }

    /// <summary>
    /// Reads <paramref name="count"/> ciphertexts and checks each is a unit of Z_n² (0 &lt; c &lt; n², gcd(c, n) = 1):
    /// a peer that sends anything else gets an input error naming the step, never a wrong answer.
    /// </summary>
    public BigInteger[] FromBytes(ReadOnlySpan<byte> bytes, int count, string peer, string step)
    {
        if (bytes.Length != count * CiphertextBytes)
            throw new InputException($"the {peer} sent {bytes.Length} bytes at {step} where {count} ciphertexts of {CiphertextBytes} bytes were due; " +
                                     "it is faulty: stopped without an answer");
        var values = new BigInteger[count];
        for (int i = 0; i < count; i++)
        {
            var c = new BigInteger(bytes.Slice(i * CiphertextBytes, CiphertextBytes), isUnsigned: true, isBigEndian: true);
            if (c.IsZero || c >= NSquared || !BigInteger.GreatestCommonDivisor(c, N).IsOne)
                throw new InputException($"the {peer} sent ciphertext {i} at {step} outside Z*_n²; it is faulty: stopped without an answer");
            values[i] = c;
        }
        return values;
    }
}
