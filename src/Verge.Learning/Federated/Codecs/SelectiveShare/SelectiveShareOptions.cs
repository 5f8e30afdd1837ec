using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Selective sharing's knobs (Shokri and Shmatikov 2015): the fraction θ of the update shared, the bound γ each shared
/// value is clipped to (null: none), and the noise. Written and parsed as <c>share:θ[:clip=γ][:laplace=b|:gauss=s]</c>.
/// With clipping and Laplace noise each shared value alone is (2γ/b)-DP (sensitivity 2γ); the paper composes
/// this over the values and rounds a client shares, which Verge leaves to the reader: it reports the noise, not an ε.
/// </summary>
public sealed record SelectiveShareOptions(double Fraction, double? Clip = null, ShareNoise Noise = ShareNoise.None, double NoiseScale = 0)
{
    public const string Form = "share:θ[:clip=γ][:laplace=b|:gauss=s]";

    public SelectiveShareOptions Validate()
    {
        if (!(Fraction is > 0 and <= 1)) throw new UsageException($"selective sharing fraction {Fraction} must lie in (0, 1]; e.g. share:0.1");
        if (Clip is { } c && !(c > 0 && double.IsFinite(c))) throw new UsageException($"selective sharing clip={c} must be a positive number");
        if (Noise != ShareNoise.None && !(NoiseScale > 0 && double.IsFinite(NoiseScale)))
            throw new UsageException($"selective sharing noise scale {NoiseScale} must be a positive number");
        return this;
    }

    public override string ToString()
    {
        var text = FormattableString.Invariant($"share:{Fraction:G6}");
        if (Clip is { } c) text += FormattableString.Invariant($":clip={c:G6}");
        return Noise switch
        {
            ShareNoise.Laplace => text + FormattableString.Invariant($":laplace={NoiseScale:G6}"),
            ShareNoise.Gaussian => text + FormattableString.Invariant($":gauss={NoiseScale:G6}"),
            _ => text,
        };
    }

    /// <summary>Parses the parts after <c>share</c>; throws a usage error naming the form.</summary>
    public static SelectiveShareOptions Parse(IReadOnlyList<string> parts, string spec)
    {
        UsageException Bad() => new($"codec '{spec}' is not understood; selective sharing is {Form}, e.g. share:0.1:clip=0.01:laplace=0.001");
        if (parts.Count < 1 || !TryNumber(parts[0], out double fraction)) throw Bad();
        double? clip = null;
        var noise = ShareNoise.None;
        double scale = 0;
        foreach (var part in parts.Skip(1))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !TryNumber(kv[1], out double value)) throw Bad();
            switch (kv[0])
            {
                case "clip" when clip is null: clip = value; break;
                case "laplace" when noise == ShareNoise.None: noise = ShareNoise.Laplace; scale = value; break;
                case "gauss" when noise == ShareNoise.None: noise = ShareNoise.Gaussian; scale = value; break;
                default: throw Bad();
            }
        }
        return new SelectiveShareOptions(fraction, clip, noise, scale).Validate();
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
