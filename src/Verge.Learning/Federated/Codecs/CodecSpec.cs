using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Parses a codec spec into a factory of per-client codecs: <c>fp32</c>, <c>qK</c> (K-bit, e.g. q8, q4),
/// <c>topk:F</c> (density F, e.g. 0.01) or <c>topk:F:qK</c> (quantized values),
/// <c>dgc:F[:qK][:m=M][:warmup=W][:clip=C]</c>, <c>stc:F</c> (sparse ternary with error feedback), <c>gaia:θ₀[:qK]</c>
/// (Gaia's per-parameter significance filter on the device); append <c>+ef</c> for error feedback (topk and qK; DGC,
/// STC and gaia accumulate by themselves); <c>share:θ[:clip=γ][:laplace=b|:gauss=s]</c> for
/// selective sharing (Shokri and Shmatikov 2015).
/// </summary>
public static class CodecSpec
{
    public const string Help = "fp32, q8 (or qK, K=1..8), topk:0.01 (optionally :q8), dgc:0.001 (options :qK :m=M :warmup=W :clip=C), " +
                               "stc:0.03 (sparse ternary + Golomb positions + error feedback), gaia:0.01 (Gaia's significance filter on " +
                               "the device, optionally :q8); append +ef for error feedback, e.g. topk:0.01+ef; " +
                               "selective sharing " + SelectiveShareOptions.Form;

    public static Func<int, UpdateCodec> Parse(string spec)
    {
        var text = spec.Trim().ToLowerInvariant();
        bool errorFeedback = text.EndsWith("+ef", StringComparison.Ordinal);
        if (errorFeedback) text = text[..^3];
        var parts = text.Split(':');
        Func<int, UpdateCodec> make = parts[0] switch
        {
            "fp32" when parts.Length == 1 => _ => new Fp32Codec(),
            ['q', ..] when parts.Length == 1 => Quantizer(parts[0], spec),
            "topk" when parts.Length is 2 or 3 => TopK(parts, spec),
            "dgc" when parts.Length >= 2 => Dgc(parts, spec),
            "stc" when parts.Length == 2 => StcWithFeedback(Density(parts[1], spec)),
            "gaia" when parts.Length is 2 or 3 => Significance(parts, spec),
            "share" when !errorFeedback => Share(SelectiveShareOptions.Parse(parts[1..], spec)),
            _ => throw Bad(spec),
        };
        if (!errorFeedback) return make;
        if (parts[0] is "fp32" or "dgc" or "stc" or "gaia") throw new UsageException($"codec '{spec}': +ef only applies to lossy codecs without their own accumulation (qK, topk)");
        return seed => new ErrorFeedbackCodec(make(seed));
    }

    private static Func<int, UpdateCodec> Quantizer(string part, string spec)
    {
        if (!int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits is < 1 or > 8) throw Bad(spec);
        return seed => new QuantizationCodec(bits, seed: seed);
    }

    private static Func<int, UpdateCodec> Significance(string[] parts, string spec)
    {
        if (Number(parts[1]) is not { } threshold || threshold < 0) throw Bad(spec);
        if (parts.Length == 2) return _ => new SignificanceCodec(threshold);
        var values = Quantizer(parts[2], spec);
        return seed => new SignificanceCodec(threshold, values(seed));
    }

    private static Func<int, UpdateCodec> StcWithFeedback(double density) => _ => new ErrorFeedbackCodec(new SparseTernaryCodec(density));

    private static Func<int, UpdateCodec> Dgc(string[] parts, string spec)
    {
        var o = new DgcOptions(Density(parts[1], spec));
        Func<int, UpdateCodec>? values = null;
        foreach (var part in parts[2..])
        {
            if (part.StartsWith('q') && values is null)
            {
                values = Quantizer(part, spec);
                continue;
            }
            var (key, value) = part.IndexOf('=') is var eq and > 0 ? (part[..eq], part[(eq + 1)..]) : (part, "");
            o = key switch
            {
                "m" when Number(value) is { } m && m is >= 0 and < 1 => o with { Momentum = (float)m },
                "warmup" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int w) && w <= 100 => o with { WarmupUpdates = w },
                "clip" when Number(value) is { } c && c >= 0 => o with { ClipNorm = (float)c },
                _ => throw Bad(spec),
            };
        }
        return seed => new DgcCodec(o, values?.Invoke(seed));
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static Func<int, UpdateCodec> Share(SelectiveShareOptions options) => seed => new SelectiveShareCodec(options, seed);

    private static Func<int, UpdateCodec> TopK(string[] parts, string spec)
    {
        double density = Density(parts[1], spec);
        if (parts.Length == 2) return _ => new TopKCodec(density);
        var values = Quantizer(parts[2], spec);
        return seed => new TopKCodec(density, values(seed));
    }

    private static double Density(string text, string spec) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 1 ? d : throw Bad(spec);

    private static UsageException Bad(string spec) => new($"codec '{spec}' is not understood; use {Help}");
}
