using System.Numerics;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Inference.Tests.Privacy;

/// <summary>
/// Paillier and homomorphic MLP inference in one process, with small keys (512 bits) for speed — the reported figures
/// use ≥ 2048 bits. Decrypted logits must equal the encoded model evaluated on plain integers exactly, and float
/// within the encoding's rounding.
/// </summary>
public sealed class HomomorphicTests
{
    private static readonly Lazy<PaillierKeyPair> Keys = new(() => PaillierKeyPair.Generate(512, OsRandomSource.Instance));

    [Fact]
    public void PaillierIsAdditivelyHomomorphic()
    {
        var keys = Keys.Value;
        var pk = keys.Public;
        var os = OsRandomSource.Instance;
        var a = new BigInteger(123456789);
        var b = BigInteger.Parse("-98765432101234");
        var ca = keys.Encrypt(a, os);
        var cb = pk.Encrypt(b, os);
        Assert.Equal(a + b, keys.DecryptSigned(pk.Add(ca, cb)));
        Assert.Equal(a * -37, keys.DecryptSigned(pk.Multiply(ca, -37)));
        Assert.Equal(b, keys.DecryptSigned(pk.Rerandomize(cb, os)));
        Assert.NotEqual(cb, pk.Rerandomize(cb, os));
        // The CRT randomizer is an n-th power like the public one: it encrypts zero.
        Assert.Equal(BigInteger.Zero, keys.Decrypt(keys.Randomizer(os)));
        var bytes = pk.ToBytes([ca, cb]);
        Assert.Equal([ca, cb], pk.FromBytes(bytes, 2, "peer", "test"));
    }

    [Fact]
    public void MalformedCiphertextsAreRefused()
    {
        var pk = Keys.Value.Public;
        var good = pk.ToBytes([Keys.Value.Encrypt(5, OsRandomSource.Instance)]);
        Assert.Contains("bytes at", Assert.Throws<InputException>(() => pk.FromBytes(good.AsSpan(1), 1, "edge party", "logits")).Message);
        Assert.Contains("outside Z*_n²", Assert.Throws<InputException>(() => pk.FromBytes(new byte[good.Length], 1, "edge party", "logits")).Message);
        var multipleOfN = pk.ToBytes([pk.N * 3]);
        Assert.Contains("outside Z*_n²", Assert.Throws<InputException>(() => pk.FromBytes(multipleOfN, 1, "edge party", "logits")).Message);
    }

    [Fact]
    public void SignedSlotsPackAndUnpack()
    {
        BigInteger[] values = [5, -1, 0, -(BigInteger.One << 20), (BigInteger.One << 20) - 1, -7];
        var packed = SlotPacking.Pack(values, 22);
        Assert.Equal(values, SlotPacking.Unpack(packed, values.Length, 22));
        Assert.Equal(values.Select(v => v * 3), SlotPacking.Unpack(SlotPacking.Pack(values, 24) * 3, values.Length, 24));
    }

    [Fact]
    public void MlpOnCiphertextsEqualsTheEncodedModelExactly()
    {
        var random = new Random(5);
        LinearWeights Layer(int k, int n) => new(k, n, [.. Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() - 0.5))],
            [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5))]);
        var model = HomomorphicModel.FromDense("test", "mlp", [("fc1", Layer(12, 6), true), ("fc2", Layer(6, 5), true), ("fc3", Layer(5, 3), false)]);
        var keys = Keys.Value;
        int frames = Math.Min(3, model.Slots(keys.Public.Bits));
        Assert.True(frames >= 2, $"a 512-bit key holds {model.Slots(512)} slots of {model.SlotBits} bits");
        var x = Enumerable.Range(0, frames * model.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        var device = new HomomorphicDevice(keys, model, OsRandomSource.Instance);
        var edge = new HomomorphicEdge(keys.Public, model, OsRandomSource.Instance);
        var randomizers = new Queue<BigInteger>(device.Randomizers(device.EncryptionsPerPack));
        var c = device.EncryptInputs(x, frames, randomizers);
        for (int l = 0; l < model.Layers.Count; l++)
        {
            c = edge.Linear(l, c, frames);
            if (l == model.Layers.Count - 1) break;
            var (masked, state) = edge.Mask(c);
            c = edge.Unmask(device.Relu(masked, frames, randomizers), state);
        }
        var logits = device.DecryptLogits(edge.Finish(c), frames);
        Assert.Empty(randomizers);
        for (int b = 0; b < frames; b++)
        {
            var encoded = Enumerable.Range(0, model.InputSize).Select(i => model.EncodeInput(x[b * model.InputSize + i], "x")).ToArray();
            Assert.Equal(model.EvaluatePlain(encoded), logits[b]);
        }
    }

    [Fact]
    public void ConvolutionsAndOutOfRangeInputsAreRefusedByName()
    {
        var model = HomomorphicModel.FromDense("test", "mlp", [("fc", new LinearWeights(2, 1, [1, 1], [0]), false)]);
        Assert.Contains("outside [-1, 1]", Assert.Throws<InputException>(() => model.EncodeInput(2, "pixel")).Message);
    }
}
