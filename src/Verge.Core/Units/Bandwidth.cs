using System.Globalization;
using System.Text.RegularExpressions;

namespace Verge.Core.Units;

/// <summary>
/// A link rate in bits per second. Parses what people write: <c>5.85Mbps</c>, <c>100 Mbps</c>, <c>1.1Mbit/s</c>,
/// <c>500kbps</c>, <c>1Gbps</c>, <c>800bps</c> (SI prefixes: 1 Mbps = 10^6 bit/s).
/// </summary>
public readonly partial record struct Bandwidth(double BitsPerSecond) : IComparable<Bandwidth>
{
    public const string Examples = "5.85Mbps, 100 Mbps, 1.1Mbit/s, 500kbps, 1Gbps";

    public static Bandwidth FromMbps(double mbps) => new(mbps * 1e6);

    public double Mbps => BitsPerSecond / 1e6;
    public double BytesPerSecond => BitsPerSecond / 8;

    /// <summary>Time to serialise <paramref name="bytes"/> onto the link.</summary>
    public TimeSpan TransferTime(long bytes) => TimeSpan.FromSeconds(bytes * 8.0 / BitsPerSecond);

    /// <summary>Milliseconds to serialise <paramref name="bytes"/> onto the link.</summary>
    public double TransferMs(double bytes) => bytes * 8.0 / BitsPerSecond * 1000.0;

    public int CompareTo(Bandwidth other) => BitsPerSecond.CompareTo(other.BitsPerSecond);

    public static bool TryParse(string? text, out Bandwidth value)
    {
        value = default;
        if (text is null) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
        double scale = m.Groups["p"].Value switch
        {
            "" => 1,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            _ => double.NaN,
        };
        if (double.IsNaN(scale)) return false;
        value = new Bandwidth(n * scale);
        return true;
    }

    /// <summary>Parses a rate; throws <see cref="FormatException"/> with a message naming the expected forms.</summary>
    public static Bandwidth Parse(string text) => TryParse(text, out var v)
        ? v
        : throw new FormatException($"'{text}' is not a bandwidth; write a number and a unit, e.g. {Examples}");

    public override string ToString() => BitsPerSecond switch
    {
        >= 1e9 => Format(BitsPerSecond / 1e9) + " Gbps",
        >= 1e6 => Format(BitsPerSecond / 1e6) + " Mbps",
        >= 1e3 => Format(BitsPerSecond / 1e3) + " kbps",
        _ => Format(BitsPerSecond) + " bps",
    };

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<n>[+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?<p>[kKMG]?)(?:bps|bit/s|bits/s|b/s)$")]
    private static partial Regex Pattern();
}
