using Verge.Net.Protos;

namespace Verge.Net.Wire;

/// <summary>How tensors travel over one hop: a value codec and, optionally, LZ4 on top.</summary>
public sealed record TensorEncoding(Codec Codec, bool Lz4 = false)
{
    public static TensorEncoding Fp32 { get; } = new(Codec.Fp32);
    public static TensorEncoding Fp16 { get; } = new(Codec.Fp16);
    public static TensorEncoding Int8 { get; } = new(Codec.Int8);

    /// <summary>The encoding of a spec's codec (<c>app.codec</c>), without LZ4.</summary>
    public static TensorEncoding Of(Core.Deployment.WireCodec codec) => codec switch
    {
        Core.Deployment.WireCodec.Fp16 => Fp16,
        Core.Deployment.WireCodec.Int8 => Int8,
        _ => Fp32,
    };

    /// <summary>Parses "fp32", "fp16", "int8", each optionally followed by "+lz4".</summary>
    public static TensorEncoding Parse(string text)
    {
        var parts = text.ToLowerInvariant().Split('+');
        var codec = parts[0] switch
        {
            "fp32" => Codec.Fp32,
            "fp16" => Codec.Fp16,
            "int8" => Codec.Int8,
            _ => throw new Core.Errors.UsageException($"unknown codec '{text}': use fp32, fp16 or int8, optionally with +lz4"),
        };
        bool lz4 = parts.Length == 2 && parts[1] == "lz4";
        if (parts.Length > 2 || (parts.Length == 2 && !lz4))
            throw new Core.Errors.UsageException($"unknown codec '{text}': use fp32, fp16 or int8, optionally with +lz4");
        return new TensorEncoding(codec, lz4);
    }

    public override string ToString() => (Codec switch { Codec.Fp16 => "fp16", Codec.Int8 => "int8", _ => "fp32" }) + (Lz4 ? "+lz4" : "");
}
