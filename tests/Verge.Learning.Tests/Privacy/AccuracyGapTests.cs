using Verge.Learning.Engine;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Privacy;

/// <summary>The noisy-features bench's error bars and its batched feature pass.</summary>
public sealed class AccuracyGapTests
{
    [Theory]
    // Two accuracies near 87 %: √(2·0.87·0.13/n) — 2.75 points on 300 images, 1.06 on 2000.
    [InlineData(0.87, 0.87, 300, 2.74591)]
    [InlineData(0.87, 0.87, 2000, 1.06348)]
    [InlineData(0.5, 0.5, 100, 7.0711)]
    // A sure accuracy adds nothing: only the other one's binomial error is left.
    [InlineData(1.0, 0.5, 100, 5.0)]
    public void The_gap_standard_error_is_the_two_binomial_errors_combined_in_points(double a, double b, int n, double points) =>
        Assert.Equal(points, NoisyFeatureResult.GapStandardError(a, b, n), 3);

    [Fact]
    public void Applying_a_layer_in_batches_gives_the_one_pass_outputs_when_the_last_batch_is_short()
    {
        var layer = new Sequential(new Linear(5, 3, new Rng(4)));
        layer.Eval();
        var inputs = new float[7 * 5];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = MathF.Sin(i);
        var whole = layer.Forward(new Tensor((float[])inputs.Clone(), [7, 5])).Data;
        var batched = SplitFitting.Apply(layer, inputs, [5], batch: 3);
        Assert.Equal(whole.Length, batched.Length);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], batched[i], 5);
        Assert.Empty(SplitFitting.Apply(layer, [], [5]));
    }
}
