using System.Numerics;
using Verge.Core.Errors;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// An MLP (Gemm/MatMul layers with ReLU between them) in the fixed-point encoding that homomorphic inference runs:
/// inputs scaled by 2^f, weights by 2^f, and no truncation — layer ℓ's outputs carry scale 2^((ℓ+1)·f) exactly,
/// which the Paillier plaintext space (≥ 2048 bits) holds with room to spare. The only error against float is the
/// rounding of inputs and weights. Worst-case bounds on every layer's values size the packing slots, so a packed
/// value can never overflow into its neighbour.
/// </summary>
public sealed class HomomorphicModel
{
    public const string Supported = "Gemm, MatMul, Relu, Flatten, Reshape";

    /// <summary>Bits of the multiplicative mask on hidden values the device sees (Gazelle-style interactive ReLU).</summary>
    public const int MaskBits = 40;

    private HomomorphicModel(string source, string fingerprint, int fractionBits, IReadOnlyList<HomomorphicLayer> layers, int inputSize)
    {
        (Source, Fingerprint, FractionBits, Layers, InputSize) = (source, fingerprint, fractionBits, layers, inputSize);
        // Hidden outputs are seen masked (|s·y| < 2^MaskBits·bound); the last layer's are seen as they are.
        var widest = Layers.Select((l, i) => i < Layers.Count - 1 ? l.Bound << MaskBits : l.Bound).Max();
        SlotBits = (int)widest.GetBitLength() + 2;
    }

    public string Source { get; }
    public string Fingerprint { get; }
    public int FractionBits { get; }
    public IReadOnlyList<HomomorphicLayer> Layers { get; }
    public int InputSize { get; }
    public int OutputSize => Layers[^1].N;

    /// <summary>Bits per packed slot: a sign bit and a margin above the widest value any slot can hold.</summary>
    public int SlotBits { get; }

    /// <summary>Frames per ciphertext under a modulus of <paramref name="keyBits"/> bits (the packed value stays below n/2).</summary>
    public int Slots(int keyBits) => (keyBits - 2) / SlotBits;

    /// <summary>The decoded value of an output integer: the last layer's scale is 2^(f·(layers + 1)).</summary>
    public double Decode(BigInteger value) => (double)value / Math.Pow(2, FractionBits * (Layers.Count + 1));

    public BigInteger EncodeInput(float x, string what)
    {
        if (!(Math.Abs(x) <= 1)) throw new InputException($"{what} is {x}, outside [-1, 1]; homomorphic inference sizes its slots for inputs scaled to [-1, 1] (pixels/255)");
        return new BigInteger(Math.Round(x * Math.Pow(2, FractionBits)));
    }

    /// <summary>The encoded model evaluated on plain integers: what decryption must give exactly.</summary>
    public BigInteger[] EvaluatePlain(BigInteger[] x)
    {
        foreach (var layer in Layers)
        {
            var y = new BigInteger[layer.N];
            for (int j = 0; j < layer.N; j++)
            {
                var sum = layer.Bias[j];
                for (int i = 0; i < layer.K; i++) sum += layer.Weights[i * layer.N + j] * x[i];
                y[j] = layer.Relu && sum.Sign < 0 ? BigInteger.Zero : sum;
            }
            x = y;
        }
        return x;
    }

    public static HomomorphicModel Load(string path, string source, int fractionBits = 12) => From(SecureModel.Load(path, source), fractionBits);

    public static HomomorphicModel From(SecureModel model, int fractionBits = 12)
    {
        var dense = new List<(string Name, LinearWeights Weights, bool Relu)>();
        foreach (var layer in model.Layers)
        {
            switch (layer.Op)
            {
                case "Flatten":
                    continue;
                case "Relu" when dense.Count > 0 && !dense[^1].Relu:
                    dense[^1] = dense[^1] with { Relu = true };
                    continue;
                case "Gemm" when dense.Count == 0 || dense[^1].Relu:
                    dense.Add((layer.Name, model.Weights[layer.Linear], false));
                    continue;
                case "Gemm":
                    throw new InputException($"'{model.Source}' has two linear layers without a ReLU between them at '{layer.Name}'; fold them, or use a model with ReLU between layers");
                default:
                    throw new InputException($"'{model.Source}' has layer '{layer.Name}' ({layer.Op}), which homomorphic inference does not run; it runs MLPs ({Supported})");
            }
        }
        if (dense.Count == 0) throw new InputException($"'{model.Source}' has no linear layer; homomorphic inference runs MLPs ({Supported})");
        if (dense[^1].Relu) throw new InputException($"'{model.Source}' ends with a ReLU; homomorphic inference returns the last linear layer's logits");
        return FromDense(model.Source, model.Fingerprint, dense, fractionBits);
    }

    /// <summary>Dense layers with ReLU after every one but the last (the shape <see cref="From"/> accepts).</summary>
    public static HomomorphicModel FromDense(string source, string fingerprint, IReadOnlyList<(string Name, LinearWeights Weights, bool Relu)> dense,
        int fractionBits = 12)
    {
        if (fractionBits is < 4 or > 24) throw new ArgumentOutOfRangeException(nameof(fractionBits), "fraction bits must be 4..24");
        var layers = new List<HomomorphicLayer>();
        var inBounds = Enumerable.Repeat(BigInteger.One << fractionBits, dense[0].Weights.K).ToArray();
        foreach (var (name, w, relu) in dense)
        {
            if (w.K != inBounds.Length) throw new InputException($"'{source}' layer '{name}' takes {w.K} values, not the {inBounds.Length} it gets");
            int scale = fractionBits * (layers.Count + 2);
            var weights = w.Matrix.Select(v => (long)Math.Round(v * Math.Pow(2, fractionBits))).ToArray();
            var bias = w.Bias.Select(v => new BigInteger(Math.Round(v * Math.Pow(2, fractionBits))) << (scale - fractionBits)).ToArray();
            var outBounds = new BigInteger[w.N];
            for (int j = 0; j < w.N; j++)
            {
                var sum = BigInteger.Abs(bias[j]);
                for (int i = 0; i < w.K; i++) sum += Math.Abs(weights[i * w.N + j]) * inBounds[i];
                outBounds[j] = sum;
            }
            layers.Add(new HomomorphicLayer(name, w.K, w.N, weights, bias, outBounds.Max(), relu));
            inBounds = outBounds;
        }
        return new HomomorphicModel(source, $"{fingerprint}|he f={fractionBits}", fractionBits, layers, dense[0].Weights.K);
    }
}
