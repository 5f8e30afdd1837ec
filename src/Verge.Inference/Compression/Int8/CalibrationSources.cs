using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Inference.Compression.Int8;

/// <summary>Parses calibration specs: <c>random:COUNT</c> and <c>fashion-mnist:SPLIT:COUNT</c>.</summary>
public static class CalibrationSources
{
    public const string Examples = "random:64 or fashion-mnist:train:512";

    public static ICalibrationSource Parse(string spec, string? fashionMnistDirectory = null)
    {
        var parts = spec.Split(':');
        switch (parts[0].ToLowerInvariant())
        {
            case "random" when parts.Length == 2:
                return new RandomCalibrationSource(Count(parts[1], spec));
            case "fashion-mnist" when parts.Length == 3:
                return new FashionMnistCalibrationSource(parts[1].ToLowerInvariant(), Count(parts[2], spec), fashionMnistDirectory);
            default:
                throw new UsageException($"calibration source '{spec}' is not recognised; write {Examples}") { Term = "calibration source" };
        }
    }

    private static int Count(string text, string spec) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"calibration source '{spec}': the count '{text}' must be a positive integer; write {Examples}") { Term = "calibration source" };
}
