namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// A noisy-features experiment: the clean split's accuracy before any fine-tuning, the clip B and the curve against ε
/// (whose clean row's fine-tuned accuracy is the clean tail after as many extra epochs as every noisy tail).
/// </summary>
public sealed record NoisyFeatureResult(
    string Model, int Features, double Clip, double CleanAccuracy, IReadOnlyList<NoisyFeatureRow> Rows)
{
    /// <summary>
    /// The binomial standard error, in points, of the gap between two accuracies each measured on
    /// <paramref name="images"/> test images: √(p₁(1−p₁)/n + p₂(1−p₂)/n), the two treated as independent (the
    /// same images score both, so this errs on the wide side).
    /// </summary>
    public static double GapStandardError(double accuracy1, double accuracy2, int images) =>
        100 * Math.Sqrt((accuracy1 * (1 - accuracy1) + accuracy2 * (1 - accuracy2)) / images);

    /// <summary>
    /// Issue #13's acceptance: the first ε whose fine-tuned tail is within <paramref name="points"/> accuracy points
    /// of the clean split (fine-tuned as long, on clean features) while the attack's PSNR is at least <paramref name="psnrDropDb"/> below the clean one.
    /// </summary>
    public NoisyFeatureRow? Meeting(double points = 2, double psnrDropDb = 6)
    {
        var clean = Rows.FirstOrDefault(r => double.IsPositiveInfinity(r.Epsilon));
        if (clean is null) return null;
        return Rows.FirstOrDefault(r => !double.IsPositiveInfinity(r.Epsilon)
            && (clean.AccuracyFineTuned - r.AccuracyFineTuned) * 100 <= points && clean.Psnr - r.Psnr >= psnrDropDb);
    }
}
