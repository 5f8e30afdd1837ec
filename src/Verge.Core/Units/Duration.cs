using System.Globalization;
using System.Text.RegularExpressions;

namespace Verge.Core.Units;

/// <summary>Parses durations as people write them (<c>20ms</c>, <c>1.5s</c>, <c>250us</c>, <c>2min</c>) into <see cref="TimeSpan"/>.</summary>
public static partial class Duration
{
    public const string Examples = "20ms, 1.5s, 250us";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        // Beyond TimeSpan's range (1e20ms) is not a duration a user means; TimeSpan would throw OverflowException.
        if (!TryParseMilliseconds(text, out var ms) || !(Math.Abs(ms) < TimeSpan.MaxValue.TotalMilliseconds)) return false;
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>The duration in milliseconds, unbounded (a caller that checks a range reports it before converting).</summary>
    public static bool TryParseMilliseconds(string? text, out double ms)
    {
        ms = double.NaN;
        if (text is null) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
        ms = m.Groups["u"].Value switch
        {
            "us" or "µs" => n / 1000,
            "ms" => n,
            "s" => n * 1000,
            "min" => n * 60_000,
            _ => double.NaN,
        };
        return !double.IsNaN(ms);
    }

    public static TimeSpan Parse(string text) => TryParse(text, out var v)
        ? v
        : throw new FormatException($"'{text}' is not a duration; write a number and a unit, e.g. {Examples}");

    /// <summary>Short form for tables: <c>20ms</c>, <c>1.5s</c>.</summary>
    public static string Format(TimeSpan t) => t.TotalMilliseconds < 1000
        ? t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
        : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"^(?<n>[+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?<u>us|µs|ms|s|min)$")]
    private static partial Regex Pattern();
}
