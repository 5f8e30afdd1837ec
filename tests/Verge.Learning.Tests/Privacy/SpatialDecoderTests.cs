using Verge.Learning.Engine;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Tests.Privacy;

/// <summary>The attacker's fully convolutional decoder for spatial cuts, and its nearest-neighbour upsampling.</summary>
public sealed class SpatialDecoderTests
{
    [Fact]
    public void Upsample_repeats_each_cell_and_sums_the_gradients_of_its_copies()
    {
        var x = new Tensor([1, 2, 3, 4], 1, 1, 2, 2);
        var y = new Upsample(2).Forward(x);
        Assert.Equal([1, 1, 4, 4], y.Shape);
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], y.Data);
        var rng = new Rng(3);
        var input = new Tensor(2, 3, 3, 3);
        for (int i = 0; i < input.Length; i++) input.Data[i] = (float)rng.Normal();
        GradientCheck.Run(t => new Upsample(3).Forward(t[0]), [input]);
    }

    [Theory]
    [InlineData(6, 14)] // lenet5 after conv + pool
    [InlineData(6, 28)] // lenet5 after the first conv, before pooling
    [InlineData(16, 7)]
    public async Task The_spatial_decoder_maps_a_feature_map_to_one_image(int channels, int side)
    {
        var like = await TestData.TestAsync(1);
        int[] shape = [channels, side, side];
        Assert.True(InversionAttack.Applies("spatial", shape, like));
        Assert.Equal(shape, InversionAttack.InputShape("spatial", shape));
        var decoder = InversionAttack.Create("spatial", shape, like, new Rng(1));
        var y = decoder.Forward(new Tensor(3, channels, side, side));
        Assert.Equal([3, 784], y.Shape);
    }

    [Fact]
    public async Task The_spatial_decoder_is_skipped_where_the_features_are_a_vector_or_do_not_tile_the_image()
    {
        var like = await TestData.TestAsync(1);
        Assert.False(InversionAttack.Applies("spatial", [400], like));
        Assert.False(InversionAttack.Applies("spatial", [16, 5, 5], like)); // 28 is not a multiple of 5
        Assert.True(InversionAttack.Applies("mlp", [400], like));
        Assert.Equal([1176], InversionAttack.InputShape("mlp", [6, 14, 14]));
    }

    [Fact]
    public async Task Training_the_spatial_decoder_lowers_its_reconstruction_error_on_a_tiny_set()
    {
        var images = await TestData.TestAsync(64);
        var rng = new Rng(2);
        // Features: each image average-pooled to 1×14×14, a stand-in for a head's pooled map.
        var pooled = new AvgPool2d(2).Forward(new Tensor(images.Pixels, [images.Count, 1, 28, 28])).ToArray();
        int[] shape = [1, 14, 14];
        var decoder = InversionAttack.Create("spatial", shape, images, rng);
        double before = Mse(decoder, pooled, images);
        SplitFitting.FitPixels(decoder, pooled, shape, images.Pixels, images.ImageSize, epochs: 20, batch: 16, 1e-3f, rng);
        double after = Mse(decoder, pooled, images);
        Assert.True(after < before / 2, $"MSE {before:G3} → {after:G3}");
    }

    private static double Mse(Sequential decoder, float[] features, Verge.Learning.Data.ImageDataset images)
    {
        var rebuilt = SplitFitting.Apply(decoder, features, [1, 14, 14]);
        double sum = 0;
        for (int i = 0; i < rebuilt.Length; i++) { double d = rebuilt[i] - images.Pixels[i]; sum += d * d; }
        return sum / rebuilt.Length;
    }
}
