using Verge.Inference.Privacy;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.SplitLearning;

namespace Verge.Learning.Tests.Privacy;

/// <summary>Split learning's two halves against the whole model: without noise a split step is the whole model's step.</summary>
public sealed class SplitLearningTests
{
    [Fact]
    public async Task Without_noise_a_split_step_equals_a_step_of_the_whole_model()
    {
        var data = await TestData.TrainAsync(32);
        int[] image = [1, 28, 28];
        var whole = TrainableZoo.Create("lenet5", 3);
        var split = TrainableZoo.Create("lenet5", 3);
        var head = new SplitHead(new Sequential([.. split.Body.Layers.Take(3)]), 1e-3f, null, new Random(1));
        var tail = new SplitTail(new Sequential([.. split.Body.Layers.Skip(3)]), 1e-3f);

        var (sent, shape) = head.Forward((float[])data.Pixels.Clone(), image, data.Count, train: true);
        var (gradient, splitLoss) = await tail.StepAsync(sent, shape, data.Labels);
        head.Backward(gradient);

        var optimizer = new Adam(whole.Parameters(), 1e-3f);
        whole.Train();
        optimizer.ZeroGrad();
        var loss = Losses.CrossEntropy(whole.Forward(new Tensor((float[])data.Pixels.Clone(), [data.Count, .. image])), data.Labels);
        loss.Backward();
        optimizer.Step();

        Assert.Equal(loss.Data[0], splitLoss, 5);
        var a = whole.GetWeights();
        var b = split.GetWeights();
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < a[i].Length; j++)
                Assert.Equal(a[i][j], b[i][j], 5);
    }

    [Fact]
    public void Noise_on_what_leaves_the_device_follows_the_mechanism()
    {
        var layers = new Sequential([.. TrainableZoo.Create("lenet5", 3).Body.Layers.Take(3)]);
        var noise = FeatureNoise.Create(100, 0, 50);
        var head = new SplitHead(layers, 1e-3f, noise, new Random(5));
        var x = new float[2 * 784];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 29) / 29f;
        var (sent, shape) = head.Forward(x, [1, 28, 28], 2, train: false);
        Assert.Equal([2, 6, 14, 14], shape);
        var clean = layers.Forward(new Tensor((float[])x.Clone(), [2, 1, 28, 28])).ToArray();
        var expected = (float[])clean.Clone();
        var rng = new Random(5);
        for (int r = 0; r < 2; r++) noise.Apply(expected.AsSpan(r * 1176, 1176), rng);
        Assert.Equal(expected, sent);
        Assert.NotEqual(clean, sent);
    }
}
