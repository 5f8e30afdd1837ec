using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.DpSgd;

namespace Verge.Learning.Tests.Privacy;

/// <summary>Per-example gradients from one batched pass against one backward pass per example, layer type by layer type.</summary>
public sealed class PerExampleGradientTests
{
    public static TheoryData<string> Nets => new() { "conv", "conv-grouped", "linear", "group-norm", "dp-cnn", "dp-cnn-gn" };

    private static Layer Net(string name)
    {
        var rng = new Rng(7);
        return name switch
        {
            "conv" => new Sequential(
                new Conv2d(2, 4, 3, rng, stride: 2, padding: 1), new Tanh(), new MaxPool2d(2, 1),
                new Conv2d(4, 3, 2, rng, bias: false), new ReLU(), new AvgPool2d(2),
                new Flatten(), new Linear(3, 5, rng)),
            "conv-grouped" => new Sequential(
                new Conv2d(2, 4, 3, rng, padding: 1, groups: 2), new ReLU(), new GlobalAvgPool(), new Flatten(), new Linear(4, 5, rng)),
            "linear" => new Sequential(new Flatten(), new Linear(2 * 8 * 8, 6, rng), new ReLU(), new Dropout(0f, rng), new Linear(6, 5, rng)),
            "group-norm" => new Sequential(
                new Conv2d(2, 4, 3, rng, padding: 1), new GroupNorm(2, 4), new ReLU(), new GlobalAvgPool(), new Flatten(), new Linear(4, 5, rng)),
            _ => TrainableZoo.Create(name, 3),
        };
    }

    private static (Tensor X, int[] Labels) Batch(string net, int n)
    {
        var shape = net.StartsWith("dp-cnn", StringComparison.Ordinal) ? new[] { n, 1, 28, 28 } : [n, 2, 8, 8];
        var x = new Tensor(shape);
        var rng = new Rng(11);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (float)rng.Normal();
        return (x, Enumerable.Range(0, n).Select(i => i % 5).ToArray());
    }

    private static float[] Flat(Layer model) => model.Parameters().SelectMany(p => p.Tensor.Grad ?? new float[p.Tensor.Length]).ToArray();

    [Theory]
    [MemberData(nameof(Nets))]
    public void EqualOneExampleBackwardPasses(string name)
    {
        const int n = 5;
        var model = Net(name);
        var (x, labels) = Batch(name, n);
        int size = x.Length / n;
        var expected = new List<float[]>();
        for (int i = 0; i < n; i++)
        {
            foreach (var p in model.Parameters()) if (p.Tensor.Grad is { } g) Array.Clear(g);
            var one = new Tensor(x.Data.AsSpan(i * size, size).ToArray(), [1, .. x.Shape[1..]]);
            Losses.CrossEntropy(model.Forward(one), labels.AsSpan(i, 1)).Backward();
            expected.Add(Flat(model));
        }

        var perExample = PerExampleGradients.For(model);
        perExample.CrossEntropy(x, labels).Backward();
        var norms = perExample.Norms(n).ToArray();
        for (int i = 0; i < n; i++)
        {
            var weights = new float[n];
            weights[i] = n; // the batch loss is a mean: each recorded gradient is 1/n of the example's own
            perExample.WriteWeightedSum(weights);
            var actual = Flat(model);
            double scale = Math.Sqrt(expected[i].Sum(v => (double)v * v));
            Assert.Equal(scale, norms[i], 1e-4 * scale);
            for (int j = 0; j < actual.Length; j++)
                Assert.True(Math.Abs(actual[j] - expected[i][j]) <= 1e-4 * scale + 1e-6, $"example {i}, parameter value {j}: {actual[j]} vs {expected[i][j]}");
        }
    }

    [Fact]
    public void ClippingBoundsEveryExample()
    {
        var model = Net("conv");
        var (x, labels) = Batch("conv", 6);
        var perExample = PerExampleGradients.For(model);
        perExample.CrossEntropy(x, labels).Backward();
        var norms = perExample.Norms(6).ToArray();
        float clip = (float)(norms.Min() / 2);
        perExample.ClipAndSum(clip, 6);
        Assert.True(Math.Sqrt(Flat(model).Sum(v => (double)v * v)) <= 6 * clip * (1 + 1e-5));

        // One example alone: its clipped gradient has norm exactly C.
        var (one, label) = Batch("conv", 1);
        perExample.CrossEntropy(one, label).Backward();
        double before = perExample.Norms(1)[0];
        perExample.ClipAndSum((float)(before / 3), 1);
        Assert.Equal(before / 3, Math.Sqrt(Flat(model).Sum(v => (double)v * v)), 1e-4 * before);
    }

    [Theory]
    [InlineData("resnet-tiny", "layer 'body.1' is batch norm")]
    [InlineData("mobilenet-tiny", "layer 'body.1' is batch norm")]
    public void RefusesBatchNorm(string name, string start)
    {
        var e = Assert.Throws<UsageException>(() => PerExampleGradients.For(TrainableZoo.Create(name)));
        Assert.StartsWith(start, e.Message);
        Assert.Contains("group norm", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
