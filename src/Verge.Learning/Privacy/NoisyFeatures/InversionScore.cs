namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>The best decoder of one inversion attack: its PSNR (dB) and SSIM on the probe, and the clean model's accuracy on its reconstructions.</summary>
public sealed record InversionScore(string Decoder, double Psnr, double Ssim, double Accuracy);
