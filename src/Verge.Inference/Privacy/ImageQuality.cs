namespace Verge.Inference.Privacy;

/// <summary>
/// Reconstruction quality of an inversion attack: PSNR and SSIM (Wang, Bovik, Sheikh &amp; Simoncelli, IEEE TIP 2004)
/// for grey images with pixels in [0, 1]; SSIM uses a 7×7 uniform window and the sample covariance, as
/// scikit-image's default does.
/// </summary>
public static class ImageQuality
{
    private const int Window = 7;
    private const double C1 = 0.01 * 0.01, C2 = 0.03 * 0.03;

    /// <summary>Peak signal-to-noise ratio in dB with peak 1 (∞ for identical images).</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length == 0) throw new ArgumentException("images must be non-empty and of one size");
        double mse = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; mse += d * d; }
        mse /= a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
    }

    /// <summary>Mean SSIM over every full 7×7 window of two height×width images.</summary>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width)
    {
        if (a.Length != height * width || b.Length != a.Length) throw new ArgumentException("images must be height×width");
        if (height < Window || width < Window) throw new ArgumentException($"images must be at least {Window}×{Window}");
        const int n = Window * Window;
        double sum = 0;
        int count = 0;
        for (int y = 0; y + Window <= height; y++)
            for (int x = 0; x + Window <= width; x++)
            {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int dy = 0; dy < Window; dy++)
                    for (int dx = 0; dx < Window; dx++)
                    {
                        int i = (y + dy) * width + x + dx;
                        double va = a[i], vb = b[i];
                        sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb;
                    }
                double ma = sa / n, mb = sb / n;
                double cov = n / (n - 1.0);
                double va2 = (saa / n - ma * ma) * cov, vb2 = (sbb / n - mb * mb) * cov, cab = (sab / n - ma * mb) * cov;
                sum += (2 * ma * mb + C1) * (2 * cab + C2) / ((ma * ma + mb * mb + C1) * (va2 + vb2 + C2));
                count++;
            }
        return sum / count;
    }
}
