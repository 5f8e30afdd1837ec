using Verge.Learning.Engine;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Privacy;

/// <summary>Noise-aware training against a decoder (--adversary-weight): its loss, its input scaling, and the split it trains.</summary>
public sealed class AdversarialHeadTrainingTests
{
    [Fact]
    public void The_reconstruction_loss_and_the_input_scaling_have_exact_gradients()
    {
        var target = GradientCheck.Random(3, 2, 12).ToArray();
        var mse = AdversarialHeadTraining.Mse(new Tensor([1f, 2f, 3f, 5f], 4), [1f, 0f, 3f, 1f]);
        Assert.Equal((0 + 4 + 0 + 16) / 4f, mse.Data[0]);
        GradientCheck.Run(t => AdversarialHeadTraining.Mse(t[0], target), [GradientCheck.Random(4, 2, 12)]);
        GradientCheck.Run(t => new Scale(0.25f).Forward(t[0]), [GradientCheck.Random(5, 2, 3, 4, 4)]);
    }

    [Fact]
    public async Task The_adversary_changes_only_the_noisy_training_and_reset_restores_the_clean_model()
    {
        var train = await TestData.TrainAsync(0);
        var plain = new NoisyFeatureOptions { CutAfter = 2, OwnerImages = 256, Epochs = 1, FineTuneEpochs = 1 };
        var (a, b) = (NoisySplit.Train(train, plain), NoisySplit.Train(train, plain with { AdversaryWeight = 4 }));
        var clean = b.Model.GetWeights();

        // The clean row (no noise) is the reference: trained as before, whatever λ.
        a.TrainWhole(null); b.TrainWhole(null);
        Assert.Equal(a.Model.GetWeights(), b.Model.GetWeights());

        var noise = a.Noise(2000, 0)!;
        a.TrainWhole(noise); b.TrainWhole(noise);
        Assert.NotEqual(a.Head.GetWeights()[0], b.Head.GetWeights()[0]); // the decoder pushed the head elsewhere
        Assert.NotEqual(clean[0], b.Head.GetWeights()[0]);
        Assert.All(b.Model.GetWeights(), w => Assert.All(w, v => Assert.True(float.IsFinite(v))));
        b.Reset();
        Assert.Equal(clean, b.Model.GetWeights());
    }

    [Fact]
    public void The_training_adversary_is_the_attackers_spatial_decoder_at_a_map_and_its_mlp_at_a_vector()
    {
        var like = new Verge.Learning.Data.ImageDataset(new float[28 * 28], [0], 1, 28, 28);
        Assert.Equal("spatial", AdversarialHeadTraining.DecoderKind([6, 14, 14], like));
        Assert.Equal("mlp", AdversarialHeadTraining.DecoderKind([400], like));
    }
}
