using System.Numerics;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// Several signed integers in one Paillier plaintext: V = Σ v_b·2^(w·b). Adding packed values and multiplying them by
/// an integer act on every slot at once (the plaintext ring is linear), so one ciphertext carries one neuron of many
/// frames. Slots are balanced (−2^(w−1) ≤ v_b &lt; 2^(w−1)) so that a signed V decomposes uniquely.
/// </summary>
public static class SlotPacking
{
    public static BigInteger Pack(ReadOnlySpan<BigInteger> values, int slotBits)
    {
        BigInteger v = BigInteger.Zero;
        for (int b = values.Length - 1; b >= 0; b--) v = (v << slotBits) + values[b];
        return v;
    }

    /// <summary>Σ 2^(w·b) for b &lt; count: the packed form of the constant 1 in every slot.</summary>
    public static BigInteger Ones(int count, int slotBits)
    {
        BigInteger v = BigInteger.Zero;
        for (int b = 0; b < count; b++) v = (v << slotBits) + 1;
        return v;
    }

    /// <summary>The <paramref name="count"/> balanced slots of a signed packed value (inverse of <see cref="Pack"/>).</summary>
    public static BigInteger[] Unpack(BigInteger packed, int count, int slotBits)
    {
        var values = new BigInteger[count];
        var modulus = BigInteger.One << slotBits;
        var half = BigInteger.One << (slotBits - 1);
        var mask = modulus - 1;
        for (int b = 0; b < count; b++)
        {
            var low = packed & mask;
            if (low >= half) low -= modulus;
            values[b] = low;
            packed = (packed - low) >> slotBits;
        }
        if (!packed.IsZero) throw new InvalidOperationException("packed value overflowed its slots; the bound that sized them is wrong");
        return values;
    }
}
