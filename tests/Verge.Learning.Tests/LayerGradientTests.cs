using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Tests;

public sealed class LayerGradientTests
{
    [Theory]
    [InlineData(3, 4, 3, 1, 1, 1)]
    [InlineData(2, 5, 3, 2, 1, 1)]
    [InlineData(4, 6, 5, 1, 2, 2)]
    [InlineData(4, 4, 3, 1, 1, 4)] // depthwise
    [InlineData(6, 6, 3, 2, 1, 6)] // depthwise, strided
    [InlineData(3, 8, 1, 1, 0, 1)] // pointwise
    public void Conv2d(int cin, int cout, int kernel, int stride, int padding, int groups)
    {
        var conv = new Conv2d(cin, cout, kernel, new Rng(3), stride, padding, groups);
        GradientCheck.Run(x => conv.Forward(x[0]), [GradientCheck.Random(4, 2, cin, 7, 6)], conv.State());
    }

    [Fact]
    public void Conv2dWithoutBias()
    {
        var conv = new Conv2d(2, 3, 3, new Rng(3), padding: 1, bias: false);
        GradientCheck.Run(x => conv.Forward(x[0]), [GradientCheck.Random(4, 2, 2, 5, 5)], conv.State());
    }

    [Fact]
    public void Linear()
    {
        var fc = new Linear(7, 5, new Rng(3));
        GradientCheck.Run(x => fc.Forward(x[0]), [GradientCheck.Random(4, 3, 7)], fc.State());
    }

    [Fact]
    public void ReLU() => GradientCheck.Run(x => new ReLU().Forward(x[0]), [GradientCheck.Separated(5, 2, 3, 4, 4)]);

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)] // overlapping windows
    public void MaxPool2d(int kernel, int stride) =>
        GradientCheck.Run(x => new MaxPool2d(kernel, stride).Forward(x[0]), [GradientCheck.Separated(6, 2, 3, 7, 7)]);

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    public void AvgPool2d(int kernel, int stride) =>
        GradientCheck.Run(x => new AvgPool2d(kernel, stride).Forward(x[0]), [GradientCheck.Random(6, 2, 3, 6, 6)]);

    [Fact]
    public void GlobalAvgPool() => GradientCheck.Run(x => new GlobalAvgPool().Forward(x[0]), [GradientCheck.Random(7, 2, 3, 4, 5)]);

    [Fact]
    public void BatchNorm2dTraining()
    {
        var bn = new BatchNorm2d(3);
        var rng = new Rng(2);
        for (int c = 0; c < 3; c++) { bn.Scale.Data[c] = rng.Uniform(0.5f, 1.5f); bn.Shift.Data[c] = rng.Uniform(-0.5f, 0.5f); }
        GradientCheck.Run(x => bn.Forward(x[0]), [GradientCheck.Random(8, 4, 3, 3, 3)], bn.State(), epsilon: 1e-2f);
    }

    [Fact]
    public void BatchNorm2dEvaluation()
    {
        var bn = new BatchNorm2d(3);
        bn.Forward(GradientCheck.Random(9, 4, 3, 3, 3)); // moves the running statistics away from 0 / 1
        bn.Eval();
        GradientCheck.Run(x => bn.Forward(x[0]), [GradientCheck.Random(8, 2, 3, 3, 3)], bn.State());
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(1, 3)] // one group: layer norm over channels and pixels
    [InlineData(3, 3)] // a group per channel: instance norm
    public void GroupNorm(int groups, int channels)
    {
        var gn = new GroupNorm(groups, channels);
        var rng = new Rng(2);
        for (int c = 0; c < channels; c++) { gn.Scale.Data[c] = rng.Uniform(0.5f, 1.5f); gn.Shift.Data[c] = rng.Uniform(-0.5f, 0.5f); }
        GradientCheck.Run(x => gn.Forward(x[0]), [GradientCheck.Random(8, 3, channels, 3, 4)], gn.State(), epsilon: 1e-2f);
    }

    [Fact]
    public void Dropout() =>
        // A fresh generator per call gives every perturbed forward pass the same mask.
        GradientCheck.Run(x => new Dropout(0.4f, new Rng(11)).Forward(x[0]), [GradientCheck.Random(7, 3, 20)]);

    [Fact]
    public void Flatten() => GradientCheck.Run(x => new Flatten().Forward(x[0]), [GradientCheck.Random(7, 2, 3, 2, 2)]);

    [Fact]
    public void Add()
    {
        var add = new Add();
        GradientCheck.Run(x => add.Forward(x[0], x[1]), [GradientCheck.Random(1, 2, 3, 2, 2), GradientCheck.Random(2, 2, 3, 2, 2)]);
    }

    [Fact]
    public void Concat()
    {
        var concat = new Concat();
        GradientCheck.Run(x => concat.Forward(x[0], x[1], x[2]),
            [GradientCheck.Random(1, 2, 3, 2, 2), GradientCheck.Random(2, 2, 1, 2, 2), GradientCheck.Random(3, 2, 2, 2, 2)]);
    }

    [Fact]
    public void CrossEntropy() =>
        GradientCheck.Run(x => Losses.CrossEntropy(x[0], [3, 0, 9]), [GradientCheck.Random(5, 3, 10)]);

    [Fact]
    public void DistillationKl()
    {
        var teacher = GradientCheck.Random(6, 3, 10).ToArray();
        GradientCheck.Run(x => Losses.DistillationKl(x[0], teacher, 3f), [GradientCheck.Random(5, 3, 10)]);
    }

    [Fact]
    public void ResidualBlockWithProjection()
    {
        // In evaluation mode: batch statistics would move every ReLU input at once and cross kinks within ε.
        var block = new ResidualBlock(2, 4, 2, new Rng(5));
        block.Forward(GradientCheck.Random(4, 3, 2, 6, 6));
        block.Eval();
        GradientCheck.Run(x => block.Forward(x[0]), [GradientCheck.Random(3, 3, 2, 6, 6)], block.State(), epsilon: 1e-3f, tolerance: 3e-2, maxChecksPerTensor: 20);
    }
}
