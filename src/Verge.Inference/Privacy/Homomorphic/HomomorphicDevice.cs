using System.Numerics;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// The device's side of homomorphic inference: it holds the key pair, encrypts its frames (one ciphertext per input
/// value, the frames of a pack in its slots), answers each masked hidden layer with Enc(ReLU(·)), and alone
/// decrypts the logits. It never sees a weight. Its encryptions' randomness comes from <paramref name="random"/>.
/// </summary>
public sealed class HomomorphicDevice(PaillierKeyPair keys, HomomorphicModel model, IRandomSource random)
{
    /// <summary>Ciphertexts one pack needs the device to make: its inputs and one re-encryption per hidden neuron.</summary>
    public int EncryptionsPerPack => model.InputSize + model.Layers.Take(model.Layers.Count - 1).Sum(l => l.N);

    /// <summary>The encryptions' randomness rⁿ, input-independent: the offline phase, made before the frames exist.</summary>
    public BigInteger[] Randomizers(int count)
    {
        // The units are drawn in order, so that a seeded source gives the same randomizers whatever the threads do.
        var units = new BigInteger[count];
        for (int i = 0; i < count; i++) units[i] = BigMath.Unit(keys.Public.N, random);
        var result = new BigInteger[count];
        Parallel.For(0, count, i => result[i] = keys.RandomizerOf(units[i]));
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
        ForEach(masked.Length, k =>
        {
            var slots = Unpack(masked[k], count, "a masked hidden layer");
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
        ForEach(logits.Length, j => perNeuron[j] = Unpack(logits[j], count, "the logits"));
        return Enumerable.Range(0, count).Select(b => perNeuron.Select(n => n[b]).ToArray()).ToArray();
    }

    /// <summary>A valid ciphertext can still decrypt to garbage if the edge is faulty: slots that overflow are its error, not ours.</summary>
    private BigInteger[] Unpack(BigInteger ciphertext, int count, string what)
    {
        try
        {
            return SlotPacking.Unpack(keys.DecryptSigned(ciphertext), count, model.SlotBits);
        }
        catch (InvalidOperationException)
        {
            throw new InputException($"the edge party's ciphertexts for {what} decrypt to values outside their slots; it is faulty: stopped without an answer");
        }
    }

    /// <summary>Parallel.For that rethrows a worker's own exception (an input error stays one) instead of an AggregateException.</summary>
    private static void ForEach(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private BigInteger[] Encrypt(BigInteger[] plain, Queue<BigInteger> randomizers)
    {
        var r = new BigInteger[plain.Length];
        for (int i = 0; i < r.Length; i++) r[i] = randomizers.Count > 0 ? randomizers.Dequeue() : keys.Randomizer(random);
        var result = new BigInteger[plain.Length];
        Parallel.For(0, plain.Length, i => result[i] = keys.Public.Encrypt(plain[i], r[i]));
        return result;
    }
}
