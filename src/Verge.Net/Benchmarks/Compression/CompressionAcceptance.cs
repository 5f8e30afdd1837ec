using System.Globalization;

namespace Verge.Net.Benchmarks.Compression;

/// <summary>The targets issue 5 sets for each technique, checked against benchmark rows.</summary>
public static class CompressionAcceptance
{
    public sealed record Check(string Model, string Criterion, string Measured, bool Met);

    /// <summary>The target a criterion checks, without the variant's own numbers ("magnitude 80 % sparsity: …" → "magnitude pruning: …").</summary>
    public static string Target(string criterion) => criterion.StartsWith("magnitude", StringComparison.Ordinal) ? "magnitude pruning" + criterion[criterion.IndexOf(" sparsity", StringComparison.Ordinal)..]
        : criterion.StartsWith("structured", StringComparison.Ordinal) ? "structured pruning" + criterion[criterion.IndexOf(" of channels", StringComparison.Ordinal)..]
        : criterion;

    public static IReadOnlyList<Check> Evaluate(IReadOnlyList<CompressionRow> rows)
    {
        static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        var checks = new List<Check>();
        var student = rows.FirstOrDefault(r => r.Technique.StartsWith("labels only", StringComparison.Ordinal));
        foreach (var r in rows)
        {
            if (r.Technique == "int8")
                checks.Add(new(r.Model, "int8: file ≤ 30 % of fp32, accuracy drop ≤ 1 point",
                    $"{F(r.SizeRatio * 100, "0.0")} %, {F(r.DeltaPoints, "+0.00;-0.00")} points, {F(r.Speedup, "0.00")}× speed", r.SizeRatio <= 0.30 && r.DeltaPoints >= -1));
            else if (r.Technique.StartsWith("magnitude", StringComparison.Ordinal))
                checks.Add(new(r.Model, $"{r.Technique} sparsity: drop ≤ 1 point after fine-tuning", $"{F(r.DeltaPoints, "+0.00;-0.00")} points", r.DeltaPoints >= -1));
            else if (r.Technique.StartsWith("structured", StringComparison.Ordinal))
                checks.Add(new(r.Model, $"{r.Technique} of channels: ≥ 1.5× faster, drop ≤ 2 points",
                    $"{F(r.Speedup, "0.00")}× faster, {F(r.DeltaPoints, "+0.00;-0.00")} points", r.Speedup >= 1.5 && r.DeltaPoints >= -2));
            else if (r.Technique.StartsWith("distilled", StringComparison.Ordinal) && student is not null)
                checks.Add(new(r.Model, "distilled student beats the same student on labels only",
                    $"{F(r.Accuracy * 100, "0.00")} % vs {F(student.Accuracy * 100, "0.00")} %", r.Accuracy > student.Accuracy));
            else if (r.Technique == "early exits" && r.FinalExitAccuracy is { } final && r.EarlyFraction is { } early)
                checks.Add(new(r.Model, "early exits: within 1 point of the final exit alone, ≥ 50 % leave early",
                    $"{F(r.Accuracy * 100, "0.00")} % vs {F(final * 100, "0.00")} %, {F(early * 100, "0.0")} % early",
                    r.Accuracy >= final - 0.01 && early >= 0.5));
        }
        return checks;
    }
}
