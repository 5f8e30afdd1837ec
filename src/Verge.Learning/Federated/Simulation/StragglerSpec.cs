using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// Which simulated clients misbehave: <c>COUNTxFACTOR</c> makes COUNT clients (seeded choice) FACTOR times slower
/// to compute (several terms, comma-separated), <c>drop=P</c> makes every client vanish in a round with
/// probability P. Example: <c>1x5</c>, <c>2x3,drop=0.1</c>.
/// </summary>
public sealed record StragglerSpec(IReadOnlyList<(int Count, double Factor)> Slow, double DropProbability)
{
    public static StragglerSpec None { get; } = new([], 0);

    public static StragglerSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var slow = new List<(int, double)>();
        double drop = 0;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var term = raw.ToLowerInvariant();
            if (term.StartsWith("drop=", StringComparison.Ordinal))
            {
                if (!double.TryParse(term[5..], NumberStyles.Float, CultureInfo.InvariantCulture, out drop) || drop is < 0 or >= 1)
                    throw Bad(text);
                continue;
            }
            var parts = term.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int count) || count < 0 ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) || factor < 1)
                throw Bad(text);
            slow.Add((count, factor));
        }
        return new StragglerSpec(slow, drop);
    }

    private static UsageException Bad(string text) =>
        new($"straggler spec '{text}' is not understood; use COUNTxFACTOR terms and drop=P, e.g. 1x5 or 2x3,drop=0.1") { Term = "straggler spec" };
}
