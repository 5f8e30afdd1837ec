namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Gaia's significance filter on the device's own uplink (Hsieh et al., NSDI 2017, §3.2, one tier down): the device
/// adds each round's update to what it has not sent yet and sends parameter i only when |accumulated_i| &gt;
/// θ_t·|value_i|, where value is the model it was sent plus its unsent changes (as an edge's model is the cloud's plus
/// its own); the rest keeps accumulating on the device. θ_t = θ₀/√t by the round (<see cref="SignificanceRule"/>).
/// The payload is top-k's sparse layout with float32 or quantized values; what the receiver decodes is taken out of
/// the accumulator, so quantization error is fed back too.
/// </summary>
public sealed class SignificanceCodec : UpdateCodec
{
    private float[]? _accumulated;

    public SignificanceCodec(double threshold, UpdateCodec? valueCodec = null)
    {
        Threshold = SignificanceRule.Validate(threshold);
        ValueCodec = valueCodec ?? new Fp32Codec();
    }

    /// <summary>θ₀, the relative change a parameter needs in round 1.</summary>
    public double Threshold { get; }
    public UpdateCodec ValueCodec { get; }
    public override string Name => ValueCodec is Fp32Codec ? $"gaia:{Threshold:G4}" : $"gaia:{Threshold:G4}:{ValueCodec.Name}";

    /// <summary>The changes not sent yet.</summary>
    public ReadOnlySpan<float> Accumulated => _accumulated;

    /// <summary>Every payload's length so far: what this device has put on its uplink.</summary>
    public long BytesSent { get; private set; }

    public override byte[] Encode(ReadOnlySpan<float> update) =>
        throw new InvalidOperationException($"{Name} compares each change with the model's value; call Encode(update, weights, round)");

    public override byte[] Encode(ReadOnlySpan<float> update, ReadOnlySpan<float> weights, int round)
    {
        if (weights.Length != update.Length) throw new ArgumentException($"{update.Length} changes for {weights.Length} weights");
        if (_accumulated is null || _accumulated.Length != update.Length) _accumulated = new float[update.Length];
        Aggregation.AddScaled(_accumulated, update, 1f);
        var values = new float[update.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(weights, _accumulated, values);
        var indices = SignificanceRule.Select(_accumulated, values, SignificanceRule.ThresholdAt(Threshold, round));
        var payload = TopKCodec.Write(_accumulated, indices, ValueCodec);
        // x − x is exactly 0, so with float32 values the sent entries leave the accumulator exactly.
        Aggregation.AddScaled(_accumulated, Decode(payload), -1f);
        BytesSent += payload.Length;
        return payload;
    }
}
