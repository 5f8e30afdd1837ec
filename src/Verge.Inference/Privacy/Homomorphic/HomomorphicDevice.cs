using System.Numerics;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// The device's side of homomorphic inference: it holds the key pair, encrypts its frames (one ciphertext per input
/// value, the frames of a pack in its slots), answers each masked hidden layer with Enc(ReLU(·)), and alone
/// decrypts the logits. It never sees a weight.
/// </summary>
public sealed class HomomorphicDevice(PaillierKeyPair keys, HomomorphicModel model)
{
    /// <summary>Ciphertexts one pack needs the device to make: its inputs and one re-encryption per hidden neuron.</summary>
    public int EncryptionsPerPack => model.InputSize + model.Layers.Take(model.Layers.Count - 1).Sum(l => l.N);

    /// <summary>The encryptions' randomness rⁿ, input-independent: the offline phase, made before the frames exist.</summary>
    public BigInteger[] Randomizers(int count)
    {
        var result = new BigInteger[count];
        Parallel.For(0, count, i => result[i] = keys.Randomizer());
        return result;
    }

    /// <summary>Enc of input value i of every frame in <paramref name="frames"/> (frame-major, <paramref name="count"/> frames).</summary>
    public BigInteger[] EncryptInputs(ReadOnlySpan<float> frames, int count, Queue<BigInteger> randomizers)
    {
        int d = model.InputSize;
        var packed = new BigInteger[d];
        var slots = new BigInteger[count];
        for (int i = 0; i < d; i++)
        {
            for (int b = 0; b < count; b++) slots[b] = model.EncodeInput(frames[b * d + i], $"input value {i} of frame {b}");
            packed[i] = SlotPacking.Pack(slots, model.SlotBits);
        }
        return Encrypt(packed, randomizers);
    }

    /// <summary>Decrypts masked hidden values, applies ReLU slot by slot and re-encrypts them.</summary>
    public BigInteger[] Relu(BigInteger[] masked, int count, Queue<BigInteger> randomizers)
    {
        var plain = new BigInteger[masked.Length];
        Parallel.For(0, masked.Length, k =>
        {
            var slots = SlotPacking.Unpack(keys.DecryptSigned(masked[k]), count, model.SlotBits);
            for (int b = 0; b < count; b++)
                if (slots[b].Sign < 0) slots[b] = BigInteger.Zero;
            plain[k] = SlotPacking.Pack(slots, model.SlotBits);
        });
        return Encrypt(plain, randomizers);
    }

    /// <summary>The logits of each frame (frame-major) from the last layer's ciphertexts.</summary>
    public BigInteger[][] DecryptLogits(BigInteger[] logits, int count)
    {
        var perNeuron = new BigInteger[logits.Length][];
        Parallel.For(0, logits.Length, j => perNeuron[j] = SlotPacking.Unpack(keys.DecryptSigned(logits[j]), count, model.SlotBits));
        return Enumerable.Range(0, count).Select(b => perNeuron.Select(n => n[b]).ToArray()).ToArray();
    }

    private BigInteger[] Encrypt(BigInteger[] plain, Queue<BigInteger> randomizers)
    {
        var r = new BigInteger[plain.Length];
        for (int i = 0; i < r.Length; i++) r[i] = randomizers.Count > 0 ? randomizers.Dequeue() : keys.Randomizer();
        var result = new BigInteger[plain.Length];
        Parallel.For(0, plain.Length, i => result[i] = keys.Public.Encrypt(plain[i], r[i]));
        return result;
    }
}
