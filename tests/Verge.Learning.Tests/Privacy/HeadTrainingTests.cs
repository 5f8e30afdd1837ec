using Verge.Inference.Privacy;
using Verge.Learning.Engine;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Privacy;

/// <summary>Noise-aware training of the head too: the mechanism as a layer, its gradient, and the split trained end to end.</summary>
public sealed class HeadTrainingTests
{
    [Theory]
    [InlineData(3.0, 0.0)]  // the clip binds: y = B·x/‖x‖₁
    [InlineData(3.0, 0.3)]  // and a share is nullified
    [InlineData(1e4, 0.3)]  // the clip does not bind
    public void The_mechanism_layer_draws_as_the_device_does_and_its_gradient_is_exact(double clip, double nullification)
    {
        var noise = FeatureNoise.Create(1000, nullification, clip);
        var x = GradientCheck.Random(5, 2, 3, 4, 4);
        var expected = x.ToArray();
        var device = new Random(7);
        for (int r = 0; r < 2; r++) noise.Apply(expected.AsSpan(r * 48, 48), device);
        Assert.Equal(expected, new NoisyCrossing(noise, new Random(7)).Forward(x).Data);
        // The same draws every forward pass, so the finite differences see one fixed mask and one fixed noise.
        GradientCheck.Run(t => new NoisyCrossing(noise, new Random(7)).Forward(t[0]), [x]);
    }

    [Fact]
    public async Task Training_head_and_tail_with_the_noise_in_the_loop_lowers_the_noisy_loss_and_reset_restores_the_clean_model()
    {
        var split = NoisySplit.Train(await TestData.TrainAsync(0),
            new NoisyFeatureOptions { CutAfter = 2, OwnerImages = 512, Epochs = 1, FineTuneEpochs = 3 });
        var noise = split.Noise(300, 0)!;
        var clean = split.Model.GetWeights();
        double before = NoisyLoss(split, noise);
        split.TrainWhole(noise);
        double after = NoisyLoss(split, noise);
        Assert.True(after < before, $"noisy loss {after:G4} after end-to-end training vs {before:G4} before");
        Assert.NotEqual(clean[0], split.Head.GetWeights()[0]); // the head itself learned
        split.Reset();
        Assert.Equal(clean, split.Model.GetWeights());
    }

    [Fact]
    public void A_diverged_decoder_never_hides_another_decoders_score()
    {
        var nan = new InversionScore("mlp", double.NaN, double.NaN, 0.1);
        var spatial = new InversionScore("spatial", 14.2, 0.4, 0.6);
        Assert.Same(spatial, InversionAttack.Best(InversionAttack.Best(null, nan), spatial)); // NaN first
        Assert.Same(spatial, InversionAttack.Best(InversionAttack.Best(null, spatial), nan)); // NaN after
        Assert.Same(spatial, InversionAttack.Best(new InversionScore("conv", 12, 0.3, 0.5), spatial));
    }

    /// <summary>Mean cross-entropy of head → mechanism (one fixed draw) → tail on the owner's images.</summary>
    private static double NoisyLoss(NoisySplit split, FeatureNoise noise)
    {
        var owner = split.Owner;
        var whole = new Sequential(split.Head, new NoisyCrossing(noise, new Random(11)), split.Tail);
        whole.Eval();
        var logits = whole.Forward(new Tensor(owner.Pixels, owner.Count, owner.Channels, owner.Height, owner.Width));
        return Losses.CrossEntropy(logits, owner.Labels).Data[0];
    }
}
