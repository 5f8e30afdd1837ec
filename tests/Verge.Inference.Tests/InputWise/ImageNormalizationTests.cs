using Verge.Core.Errors;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class ImageNormalizationTests
{
    [Fact]
    public void TheImageNetPresetAndAnExplicitDeclarationParse()
    {
        Assert.Equal(ImageNormalization.ImageNet, ImageNormalization.Parse("u8:imagenet", "--input"));
        var n = ImageNormalization.Parse("u8:0.5,0.25,0/0.5,1,2", "--input");
        Assert.Equal([0.5f, 0.25f, 0f], n.Mean);
        Assert.Equal([0.5f, 1f, 2f], n.Std);
        // (x / 255 − mean) / std, per channel, in this order of float operations.
        Assert.Equal((255 / 255f - 0.5f) / 0.5f, n.Normalize(new byte[] { 255, 0, 7 }, 3, 1)[0]);
        Assert.Equal((7 / 255f - 0f) / 2f, n.Normalize(new byte[] { 255, 0, 7 }, 3, 1)[2]);
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("u8:")]
    [InlineData("u8:0.5,0.5/0.2")]
    [InlineData("u8:0.5/0")]
    [InlineData("u8:0.5/-1")]
    [InlineData("u8:a/b")]
    [InlineData("u8:0.5")]
    public void ABadDeclarationIsAUsageErrorInOneLine(string text)
    {
        var error = Assert.Throws<UsageException>(() => ImageNormalization.Parse(text, "--input"));
        Assert.StartsWith("--input: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AModelWhoseInputIsNotAnImageOfThatManyChannelsIsRefused()
    {
        Assert.Throws<InputException>(() => ImageNormalization.ImageNet.Check(new TensorInfo("x", 1, [1, 784]), "mlp"));
        Assert.Throws<InputException>(() => ImageNormalization.ImageNet.Check(new TensorInfo("x", 7, [1, 3, 8, 8]), "int64"));
        var error = Assert.Throws<InputException>(() => ImageNormalization.ImageNet.Check(new TensorInfo("x", 1, [1, 1, 28, 28]), "gray"));
        Assert.Contains("1 channels", error.Message);
        new ImageNormalization([0.5f], [0.25f]).Check(new TensorInfo("x", 1, [1, 1, 28, 28]), "gray");
    }

    [Fact]
    public void EightBitWindowsAndPackedMapsCostFewerBytesInTheLatencyModel()
    {
        var graph = TileModels.ResNetTiny();
        var block = FusedBlock.Candidates(graph)[0];
        var tiles = TileShapes.Of(block, new TileGrid(2, 2));
        var timing = new TileTiming([50.0, 50.0], null, 5, Bandwidth.FromMbps(10), 2, new MessageCost(0.5, 0));
        var plain = TileLatencyModel.Predict(block, tiles, RadioValueBytes.Float32.Apply(timing, block));
        var packed = TileLatencyModel.Predict(block, tiles, new RadioValueBytes(graph.Inputs[0].Name, new Dictionary<string, double> { [block.Output] = 0.5 }).Apply(timing, block));

        Assert.Equal(plain.LatencyMs, TileLatencyModel.Predict(block, tiles, timing).LatencyMs);
        Assert.Equal(plain.BytesToHelper.Sum(), 4 * packed.BytesToHelper.Sum(), 4.0);
        Assert.Equal(plain.BytesFromHelper.Sum() * (0.5 + 1.0 / 32), packed.BytesFromHelper.Sum(), 4.0);
        Assert.True(packed.LatencyMs < plain.LatencyMs);
    }
}
