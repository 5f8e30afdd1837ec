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
            Epsilons = [1], Decoders = ["mlp"],
        });
        Assert.Equal(400, result.Features);
        Assert.True(result.Clip > 0);
        Assert.Equal(2, result.Rows.Count);
        var clean = result.Rows[0];
        var noisy = result.Rows[1];
        Assert.True(double.IsPositiveInfinity(clean.Epsilon));
        Assert.Equal(result.CleanAccuracy, clean.AccuracyNoisy);
        Assert.InRange(clean.AccuracyFineTuned, 0, 1); // the clean tail, fine-tuned as long as the noisy one on clean features
        Assert.Equal(2 * result.Clip / 1, noisy.LaplaceScale, 6);
        // At ε = 1 the features are drowned: the decoder rebuilds worse than from clean features.
        Assert.True(noisy.Psnr < clean.Psnr, $"noisy PSNR {noisy.Psnr} vs clean {clean.Psnr}");
        Assert.InRange(noisy.Ssim, -1, 1);
    }

    [Fact]
    public async Task A_spatial_cut_fine_tunes_a_convolutional_tail_and_sweeps_nullification_with_the_best_decoder()
    {
        var train = await TestData.TrainAsync(0);
        var test = await TestData.TestAsync(50);
        var result = NoisyFeatureExperiment.Run(train, test, new NoisyFeatureOptions
        {
            CutAfter = 2, OwnerImages = 256, AttackerImages = 128, TestImages = 50, Epochs = 1, FineTuneEpochs = 1, DecoderEpochs = 1,
            Epsilons = [1], Nullifications = [0, 0.5], Decoders = ["mlp", "conv"],
        });
        Assert.Equal(6 * 14 * 14, result.Features); // after the first conv block: [6, 14, 14] leaves the device
        Assert.Equal([0, 0, 0.5], result.Rows.Select(r => r.Nullification));
        Assert.All(result.Rows, r => Assert.Contains(r.Decoder, new[] { "mlp", "conv" }));
        Assert.All(result.Rows, r => Assert.InRange(r.AccuracyFineTuned, 0, 1));
    }

    [Fact]
    public async Task With_train_head_the_noisy_row_reads_a_new_head_and_also_reports_the_attack_without_noise()
    {
        var train = await TestData.TrainAsync(0);
        var test = await TestData.TestAsync(50);
        var result = NoisyFeatureExperiment.Run(train, test, new NoisyFeatureOptions
        {
            CutAfter = 2, OwnerImages = 256, AttackerImages = 128, TestImages = 50, Epochs = 1, FineTuneEpochs = 1, DecoderEpochs = 1,
            Epsilons = [1000], Nullification = 0, Decoders = ["mlp"], TrainHead = true,
        });
        var (clean, noisy) = (result.Rows[0], result.Rows[1]);
        Assert.False(clean.HeadTrained); // the clean row is the original head: what one deploys without privacy
        Assert.Null(clean.NoiseFree);
        Assert.True(noisy.HeadTrained);
        Assert.NotNull(noisy.NoiseFree);
        Assert.True(double.IsFinite(noisy.NoiseFree!.Psnr));
        Assert.InRange(noisy.AccuracyFineTuned, 0, 1);
    }
}
