namespace Verge.Core.Deployment;

/// <summary>How tensors are encoded on every hop: 32-bit floats as they are, halved to fp16, or quantised to int8.</summary>
public enum WireCodec
{
    Fp32,
    Fp16,
    Int8,
}

/// <summary>Size factors of the wire codecs relative to fp32.</summary>
public static class WireCodecs
{
    public static double BytesFactor(this WireCodec codec) => codec switch
    {
        WireCodec.Fp16 => 0.5,
        WireCodec.Int8 => 0.25,
        _ => 1.0,
    };

    public static string Name(this WireCodec codec) => codec.ToString().ToLowerInvariant();
}
