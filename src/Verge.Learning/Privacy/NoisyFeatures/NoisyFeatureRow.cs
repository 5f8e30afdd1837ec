namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// One ε of the noisy-features curve (ε = ∞ is the clean split): the tail's accuracy before and after noisy
/// fine-tuning, and the inversion attack's PSNR, SSIM and the accuracy of the clean model on its reconstructions.
/// </summary>
public sealed record NoisyFeatureRow(
    double Epsilon, double Nullification, double LaplaceScale,
    double AccuracyNoisy, double AccuracyFineTuned,
    double Psnr, double Ssim, double AttackAccuracy)
{
    /// <summary>The attacker's decoder that rebuilt best at this ε (the row's PSNR, SSIM and accuracy are its).</summary>
    public string Decoder { get; init; } = "mlp";

    /// <summary>Whether this row's head was trained with the noise in the loop too (--train-head); the attack then reads the new head.</summary>
    public bool HeadTrained { get; init; }

    /// <summary>With a trained head: the same attack on the new head's features without noise (what the head alone hides).</summary>
    public InversionScore? NoiseFree { get; init; }
}
