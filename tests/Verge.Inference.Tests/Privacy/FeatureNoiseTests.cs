using Verge.Core.Errors;
using Verge.Inference.Privacy;

namespace Verge.Inference.Tests.Privacy;

public sealed class FeatureNoiseTests
{
    [Fact]
    public void Laplace_scale_is_sensitivity_over_epsilon_and_the_draws_match_it()
    {
        var noise = FeatureNoise.Create(epsilon: 4, nullification: 0, clipL1: 3);
        Assert.Equal(6, noise.Sensitivity);
        Assert.Equal(1.5, noise.LaplaceScale, 12);
        // Zero features stay inside the clip, so what comes out is pure noise: mean |x| of Laplace(b) is b.
        var x = new float[200_000];
        noise.Apply(x, new Random(3));
        double meanAbs = x.Average(v => Math.Abs((double)v)), mean = x.Average(v => (double)v);
        Assert.InRange(meanAbs, 1.5 * 0.98, 1.5 * 1.02);
        Assert.InRange(mean, -0.02, 0.02);
    }

    [Fact]
    public void Clipping_bounds_the_l1_norm_and_nullification_zeroes_about_the_share_asked()
    {
        var clipOnly = FeatureNoise.Create(epsilon: 1e6, nullification: 0, clipL1: 10);
        var x = Enumerable.Repeat(1f, 1000).ToArray();
        clipOnly.Apply(x, new Random(1));
        Assert.InRange(x.Sum(v => Math.Abs((double)v)), 9.9, 10.1);

        var nullify = FeatureNoise.Create(epsilon: 1e6, nullification: 0.3, clipL1: 1e4); // Laplace b = 0.02
        var y = Enumerable.Repeat(1f, 10_000).ToArray();
        nullify.Apply(y, new Random(2));
        double share = y.Count(v => Math.Abs(v) < 0.5) / (double)y.Length;
        Assert.InRange(share, 0.285, 0.315);
    }

    [Theory]
    [InlineData(0.0, 0.1, "privacy.features.epsilon")]
    [InlineData(double.NaN, 0.1, "privacy.features.epsilon")]
    [InlineData(1.0, -0.1, "privacy.features.nullification")]
    [InlineData(1.0, 0.99, "privacy.features.nullification")]
    public void Out_of_range_knobs_are_input_errors_naming_the_field(double epsilon, double nullification, string field)
    {
        var e = Assert.Throws<InputException>(() => FeatureNoise.Create(epsilon, nullification, 1));
        Assert.Contains(field, e.Message);
    }
}
