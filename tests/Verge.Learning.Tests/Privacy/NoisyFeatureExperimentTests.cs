using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Privacy;

public sealed class NoisyFeatureExperimentTests
{
    [Fact]
    public async Task A_tiny_run_gives_a_clean_row_and_a_noisy_row_that_the_attack_reads_worse()
    {
        var train = await TestData.TrainAsync(0);
        var test = await TestData.TestAsync(100);
        var result = NoisyFeatureExperiment.Run(train, test, new NoisyFeatureOptions
        {
            OwnerImages = 640, AttackerImages = 320, TestImages = 100, Epochs = 1, FineTuneEpochs = 1, DecoderEpochs = 1,
            Epsilons = [1],
        });
        Assert.Equal(400, result.Features);
        Assert.True(result.Clip > 0);
        Assert.Equal(2, result.Rows.Count);
        var clean = result.Rows[0];
        var noisy = result.Rows[1];
        Assert.True(double.IsPositiveInfinity(clean.Epsilon));
        Assert.Equal(result.CleanAccuracy, clean.AccuracyFineTuned);
        Assert.Equal(2 * result.Clip / 1, noisy.LaplaceScale, 6);
        // At ε = 1 the features are drowned: the decoder rebuilds worse than from clean features.
        Assert.True(noisy.Psnr < clean.Psnr, $"noisy PSNR {noisy.Psnr} vs clean {clean.Psnr}");
        Assert.InRange(noisy.Ssim, -1, 1);
    }
}
