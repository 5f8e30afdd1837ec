using System.Numerics;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// The edge's side of homomorphic inference (Gazelle-style, Juvekar et al., USENIX Security 2018, with Paillier in
/// place of lattice HE): linear layers on the device's ciphertexts with the edge's plaintext weights; before a
/// ReLU, each hidden value is multiplied by a fresh positive mask s (40 bits), the neurons are shuffled, and the
/// ciphertexts re-randomized, so the device decrypts s·y — its sign, not y — applies ReLU and re-encrypts; the edge
/// then removes s with s⁻¹ mod n (exact, since ReLU(s·y) = s·ReLU(y)). What the device learns: the sign pattern of
/// each hidden layer and, within one ciphertext, the ratios of a neuron's values across the packed frames. Masks,
/// shuffles and re-randomizations come from <paramref name="random"/>, drawn in order before each parallel loop.
/// </summary>
public sealed class HomomorphicEdge(PaillierPublicKey key, HomomorphicModel model, IRandomSource random)
{
    private const int Window = 4;

    /// <summary>What <see cref="Mask"/> chose, kept until the device's ReLU comes back.</summary>
    public sealed record MaskState(int[] Permutation, BigInteger[] Masks);

    /// <summary>Enc(W·x + b) for every output neuron of <paramref name="layer"/>, packed like its input.</summary>
    public BigInteger[] Linear(int layer, BigInteger[] inputs, int frames)
    {
        var l = model.Layers[layer];
        var n2 = key.NSquared;
        long largest = l.Weights.Length == 0 ? 0 : l.Weights.Max(w => Math.Abs(w));
        int windows = Math.Max(1, (64 - (int)ulong.LeadingZeroCount((ulong)largest) + Window - 1) / Window);
        int digits = (1 << Window) - 1;
        // Tables c_i^(d·16^t): every product term then costs at most one multiplication per window.
        var tables = new BigInteger[l.K][];
        Parallel.For(0, l.K, i =>
        {
            var table = new BigInteger[windows * digits];
            var b = inputs[i];
            for (int t = 0; t < windows; t++)
            {
                table[t * digits] = b;
                for (int d = 1; d < digits; d++) table[t * digits + d] = table[t * digits + d - 1] * b % n2;
                b = table[t * digits + digits - 1] * b % n2;
            }
            tables[i] = table;
        });
        var ones = SlotPacking.Ones(frames, model.SlotBits);
        var outputs = new BigInteger[l.N];
        Parallel.For(0, l.N, j =>
        {
            BigInteger positive = BigInteger.One, negative = BigInteger.One;
            for (int i = 0; i < l.K; i++)
            {
                long w = l.Weights[i * l.N + j];
                ulong a = (ulong)Math.Abs(w);
                for (int t = 0; a != 0; t++, a >>= Window)
                {
                    int d = (int)(a & (ulong)digits);
                    if (d == 0) continue;
                    if (w > 0) positive = positive * tables[i][t * digits + d - 1] % n2;
                    else negative = negative * tables[i][t * digits + d - 1] % n2;
                }
            }
            var sum = negative.IsOne ? positive : positive * BigMath.ModInverse(negative, n2) % n2;
            // + Enc(b·1…1) with randomness 1: the re-randomization before anything leaves the edge covers it.
            outputs[j] = sum * BigMath.Mod(1 + BigMath.Mod(l.Bias[j] * ones, key.N) * key.N, n2) % n2;
        });
        return outputs;
    }

    /// <summary>Masks, shuffles and re-randomizes a hidden layer's ciphertexts for the device's ReLU.</summary>
    public (BigInteger[] Masked, MaskState State) Mask(BigInteger[] hidden)
    {
        var permutation = Enumerable.Range(0, hidden.Length).ToArray();
        random.Shuffle(permutation.AsSpan());
        var masks = new BigInteger[hidden.Length];
        var units = new BigInteger[hidden.Length];
        var low = BigInteger.One << (HomomorphicModel.MaskBits - 1);
        for (int k = 0; k < hidden.Length; k++) (masks[k], units[k]) = (low + BigMath.Below(low, random), BigMath.Unit(key.N, random));
        var masked = new BigInteger[hidden.Length];
        Parallel.For(0, hidden.Length, k =>
            masked[k] = BigInteger.ModPow(hidden[permutation[k]], masks[k], key.NSquared) * key.RandomizerOf(units[k]) % key.NSquared);
        return (masked, new MaskState(permutation, masks));
    }

    /// <summary>Undoes the shuffle and the masks on the device's Enc(ReLU(s·y)): Enc(ReLU(y)) in the original order.</summary>
    public BigInteger[] Unmask(BigInteger[] relu, MaskState state)
    {
        var result = new BigInteger[relu.Length];
        Parallel.For(0, relu.Length, k =>
            result[state.Permutation[k]] = BigInteger.ModPow(relu[k], BigMath.ModInverse(state.Masks[k], key.N), key.NSquared));
        return result;
    }

    /// <summary>The logits' ciphertexts as they leave the edge: re-randomized, so they reveal nothing of how they were computed.</summary>
    public BigInteger[] Finish(BigInteger[] logits)
    {
        var units = new BigInteger[logits.Length];
        for (int j = 0; j < logits.Length; j++) units[j] = BigMath.Unit(key.N, random);
        var result = new BigInteger[logits.Length];
        Parallel.For(0, logits.Length, j => result[j] = logits[j] * key.RandomizerOf(units[j]) % key.NSquared);
        return result;
    }
}
