using Verge.Learning.Privacy.Accounting;

namespace Verge.Learning.Tests.Privacy;

/// <summary>
/// The accountant against the published accountants' own test vectors (numbers only): Google's dp_accounting
/// (rdp_privacy_accountant_test.py) and TF-Privacy (compute_dp_sgd_privacy_test.py), to 1e-6 relative where they
/// publish that many digits.
/// </summary>
public sealed class RdpAccountantTests
{
    private static void Close(double expected, double actual, double relative = 1e-6) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void PoissonSampledGaussianMatchesDpAccounting()
    {
        // dp_accounting test_compute_rdp_poisson_sampled_gaussian: q 0.01, σ 2.5, 50 steps.
        double[] orders = [1.5, 2.5, 5, 50, 100, double.PositiveInfinity];
        double[] expected = [6.70579741e-04, 1.08548710e-03, 2.18075656e-03, 2.38460375e-02, 1.67416308e02];
        var rdp = RdpAccountant.Rdp(0.01, 2.5, 50, orders);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], rdp[i], 1e-8 / expected[i] + 1e-6);
        Assert.True(double.IsPositiveInfinity(rdp[^1]));
    }

    [Fact]
    public void WithoutSamplingIsTheGaussianMechanism()
    {
        Close(3.14159 / (2 * 2.71828 * 2.71828), RdpAccountant.RdpOneStep(1, 2.71828, 3.14159), 1e-12);
        Assert.Equal(0, RdpAccountant.RdpOneStep(0, 1, 3));
    }

    [Fact]
    public void TighterConversionMatchesDpAccountingForPureDp()
    {
        // dp_accounting test_compute_epsilon_delta_pure_dp: orders 2..32, RDP 1.1 each, δ 1e-5 → ε 1.32783806176 at 32.
        var orders = Enumerable.Range(2, 31).Select(i => (double)i).ToArray();
        var spent = RdpAccountant.Epsilon(orders, orders.Select(_ => 1.1).ToArray(), 1e-5);
        Close(1.32783806176, spent.Epsilon, 1e-9);
        Assert.Equal(32, spent.Order);
        // The classic conversion by hand: 1.1 + log(1e5)/31.
        Close(1.1 + Math.Log(1e5) / 31, spent.EpsilonClassic, 1e-12);
    }

    [Theory]
    // TF-Privacy compute_dp_sgd_privacy_test: (n, batch, σ, epochs, δ) → (ε, order); steps = ⌈epochs·n/batch⌉.
    [InlineData(60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0)]
    [InlineData(100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13.0)]
    [InlineData(100000000, 1024, 0.1, 10, 1e-7, 5907982.3113978775, 1.25)]
    public void DpSgdMatchesTfPrivacy(int n, int batch, double noise, int epochs, double delta, double epsilon, double order)
    {
        long steps = (long)Math.Ceiling((double)epochs * n / batch);
        var spent = RdpAccountant.Epsilon((double)batch / n, noise, steps, delta);
        Close(epsilon, spent.Epsilon);
        Assert.Equal(order, spent.Order);
        Assert.True(spent.EpsilonClassic >= spent.Epsilon);
    }

    [Fact]
    public void AbadiMnistExampleIsAboutThreeClassic()
    {
        // 60,000 examples, batch 256, σ 1.1, 60 epochs, δ 1e-5: ε ≈ 3.0 with the classic conversion (TF-Privacy tutorial).
        var spent = RdpAccountant.Epsilon(256.0 / 60000, 1.1, (long)Math.Ceiling(60 * 60000 / 256.0), 1e-5);
        Assert.InRange(spent.EpsilonClassic, 2.95, 3.05);
        Assert.True(spent.Epsilon < spent.EpsilonClassic);
    }

    [Fact]
    public void CalibratedNoiseReachesTheTarget()
    {
        double sigma = NoiseCalibration.NoiseFor(3.0, 256.0 / 60000, 14063, 1e-5);
        double eps = RdpAccountant.Epsilon(256.0 / 60000, sigma, 14063, 1e-5).Epsilon;
        Assert.InRange(eps, 2.99, 3.0);
    }

    [Theory]
    [InlineData(0.5, 0.5723649429247001)]
    [InlineData(10, 12.801827480081469)]
    [InlineData(-0.5, 1.2655121234846454)]
    [InlineData(513, 2686.0604716263483)]
    public void LogGammaIsAccurate(double x, double expected) => Close(expected, LogMath.LogGamma(x), 1e-13);

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(2.5, 4.069520174449590e-04)]
    [InlineData(-1, 1.842700792949715)]
    public void LogErfcIsAccurate(double x, double erfc) => Close(Math.Log(erfc), LogMath.LogErfc(x), 1e-12);

    [Fact]
    public void LogErfcInTheTail() => Close(-10000 - Math.Log(100 * Math.Sqrt(Math.PI)) + Math.Log(1 - 1 / 20000.0 + 3 / 4e8), LogMath.LogErfc(100), 1e-12);
}
