using System.Globalization;

namespace Verge.Core.Spec;

/// <summary>
/// The closed range a numeric spec field or flag may take. NaN and infinities are never inside; the bounds are
/// written with <paramref name="Format"/> (a unit) when one is given, so an error can say "give 1 bps to 1 Tbps".
/// </summary>
public sealed record NumberRange(double Min, double Max, Func<double, string>? Format = null)
{
    public bool Contains(double x) => x >= Min && x <= Max;

    /// <summary>"0.0001 to 10000", or with the unit's own formatting.</summary>
    public override string ToString() => $"{Write(Min)} to {Write(Max)}";

    public string Write(double x) => Format?.Invoke(x) ?? x.ToString("G", CultureInfo.InvariantCulture);
}
