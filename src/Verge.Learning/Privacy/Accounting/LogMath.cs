namespace Verge.Learning.Privacy.Accounting;

/// <summary>
/// The special functions the Rényi accountant needs, in log space so that terms like C(α, i)·q^i·e^{i²/2σ²} at
/// α = 512 neither overflow nor underflow: log |Γ(x)| (Lanczos, with the reflection formula below ½), log erfc(x)
/// (a positive-term series, or the Laplace continued fraction in the tail), and log(eˣ + eʸ).
/// </summary>
internal static class LogMath
{
    // Lanczos (1964) coefficients for g = 7, n = 9: about 15 significant digits for Re(x) ≥ ½.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>log |Γ(x)| (what scipy's gammaln gives; the published accountants take log |C(α, i)| with it).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Γ(x)·Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI) - Math.Log(Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        double a = Lanczos[0], t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++) a += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>log |C(n, k)| for real n and k.</summary>
    public static double LogBinomial(double n, double k) => LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    /// <summary>log(eˣ + eʸ) without overflow; −∞ is zero.</summary>
    public static double LogAdd(double x, double y)
    {
        double lo = Math.Min(x, y), hi = Math.Max(x, y);
        return double.IsNegativeInfinity(lo) ? hi : hi + Math.Log(1 + Math.Exp(lo - hi));
    }

    /// <summary>log erfc(x), accurate in the far tail where erfc itself underflows.</summary>
    public static double LogErfc(double x)
    {
        if (x < 0) return -x < 3 ? Math.Log(1 + Erf(-x)) : Math.Log(2 - Math.Exp(LogErfc(-x)));
        if (x < 3) return Math.Log(1 - Erf(x));
        // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), Laplace's continued fraction,
        // evaluated by the modified Lentz method.
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 10_000; n++)
        {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (Math.Abs(c) < tiny) c = tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return -x * x - 0.5 * Math.Log(Math.PI) - Math.Log(f);
    }

    /// <summary>erf(x) for 0 ≤ x &lt; 3: 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)), every term positive (no cancellation).</summary>
    private static double Erf(double x)
    {
        double term = x, sum = x;
        for (int n = 1; n < 500 && term > sum * 1e-17; n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }
}
