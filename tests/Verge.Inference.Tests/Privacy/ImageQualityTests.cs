using Verge.Inference.Privacy;

namespace Verge.Inference.Tests.Privacy;

public sealed class ImageQualityTests
{
    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => (i % 28) / 27f).ToArray();

    [Fact]
    public void Psnr_of_a_uniform_offset_is_ten_log_one_over_mse()
    {
        var a = Ramp(784);
        var b = a.Select(v => v + 0.1f).ToArray();
        Assert.Equal(20.0, ImageQuality.Psnr(a, b), 3); // mse 0.01 → 20 dB
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, a));
    }

    [Fact]
    public void Ssim_is_one_for_identical_images_and_falls_for_noise_and_inversion()
    {
        var a = Ramp(784);
        Assert.Equal(1.0, ImageQuality.Ssim(a, a, 28, 28), 9);
        var inverted = a.Select(v => 1 - v).ToArray();
        Assert.True(ImageQuality.Ssim(a, inverted, 28, 28) < 0);
        var rng = new Random(1);
        var noisy = a.Select(v => v + (float)(rng.NextDouble() - 0.5) * 0.4f).ToArray();
        double s = ImageQuality.Ssim(a, noisy, 28, 28);
        Assert.InRange(s, 0.05, 0.95);
    }

    [Fact]
    public void Ssim_of_two_constant_windows_follows_the_luminance_term()
    {
        // Constant images: no variance, so SSIM = (2·μa·μb + C1) / (μa² + μb² + C1) with C1 = 1e-4.
        var a = Enumerable.Repeat(0.5f, 49).ToArray();
        var b = Enumerable.Repeat(0.25f, 49).ToArray();
        double expected = (2 * 0.5 * 0.25 + 1e-4) / (0.25 + 0.0625 + 1e-4);
        Assert.Equal(expected, ImageQuality.Ssim(a, b, 7, 7), 9);
    }
}
