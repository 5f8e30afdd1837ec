using System.Globalization;
using Verge.Core.Errors;
using Verge.Learning.Federated.Robust;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// What secure aggregation composes with. The server sees only the sum, so the strategy must be one whose aggregate
/// is a mean of updates (fedavg, rule "mean"); the codec fixes the fixed-point precision: qK sends K value bits
/// (in a ring of K + ⌈log₂ n⌉ bits), fp32 sends 16. Top-k and DGC are refused: masks cover every coordinate, so a
/// sparse update would need indices shared by all clients, which Verge does not implement.
/// </summary>
public static class SecAggComposition
{
    public const int Fp32ValueBits = 16;

    /// <summary>The options with the codec's value bits, or a one-line refusal of what does not compose.</summary>
    public static SecAggOptions Resolve(SecAggOptions options, string strategy, string codec, AggregationRule aggregation)
    {
        if (strategy != "fedavg")
            throw new UsageException($"--secure-aggregation runs with the fedavg strategy only; {strategy} needs each client's own update, which secure aggregation hides");
        if (aggregation.Kind != AggregationKind.Mean)
            throw new UsageException($"--aggregate {aggregation} needs each client's own update, which secure aggregation hides; use mean");
        var text = codec.Trim().ToLowerInvariant();
        if (text == "fp32") return options with { ValueBits = Fp32ValueBits };
        if (text.Length > 1 && text[0] == 'q' && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) && bits is >= 2 and <= 8)
            return options with { ValueBits = bits };
        throw new UsageException($"codec '{codec}' cannot be combined with --secure-aggregation: masks cover every coordinate, so sparse or error-feedback " +
                                 "updates would need indices and state shared by all clients; use q8 (or q2..q8, or fp32 for 16-bit values)");
    }
}
