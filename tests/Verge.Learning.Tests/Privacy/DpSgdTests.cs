using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.Accounting;
using Verge.Learning.Privacy.DpSgd;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Tests.Privacy;

/// <summary>DP-SGD's step (clip, noise, scale, delegate) and a short private training run on Fashion-MNIST.</summary>
public sealed class DpSgdTests
{
    private static (Tensor X, int[] Labels) Batch(int n, int seed = 5)
    {
        var x = new Tensor(n, 1, 28, 28);
        var rng = new Rng(seed);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (float)rng.NextDouble();
        return (x, Enumerable.Range(0, n).Select(i => i % 10).ToArray());
    }

    [Fact]
    public void WithoutNoiseOrClippingItIsPlainSgd()
    {
        var (x, labels) = Batch(8);
        var plain = TrainableZoo.Create("dp-cnn", 1);
        var sgd = new Sgd(plain.Parameters(), 0.1f);
        Losses.CrossEntropy(plain.Forward(x), labels).Backward();
        sgd.Step();

        var privateModel = TrainableZoo.Create("dp-cnn", 1);
        var perExample = PerExampleGradients.For(privateModel);
        var dp = new DpSgdOptimizer(new Sgd(privateModel.Parameters(), 0.1f), perExample, clip: 1e9f, noise: 0, expectedBatchSize: 8, seed: 1);
        perExample.CrossEntropy(x, labels).Backward();
        dp.Step();

        var a = plain.GetWeights().SelectMany(w => w).ToArray();
        var b = privateModel.GetWeights().SelectMany(w => w).ToArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5f + 1e-4f * Math.Abs(a[i]), $"weight {i}: {a[i]} vs {b[i]}");
    }

    [Fact]
    public void NoiseHasStandardDeviationSigmaTimesClip()
    {
        // An empty Poisson batch: the step is noise alone, N(0, (σC)²) per coordinate, over the expected batch size.
        var model = TrainableZoo.Create("mlp-small", 1);
        var before = model.GetWeights().SelectMany(w => w).ToArray();
        var perExample = PerExampleGradients.For(model);
        const float clip = 0.5f, lr = 1f;
        const double sigma = 1.3, expected = 4;
        var dp = new DpSgdOptimizer(new Sgd(model.Parameters(), lr, momentum: 0), perExample, clip, sigma, expected, seed: 3);
        perExample.CrossEntropy(new Tensor(0, 1, 28, 28), []).Backward();
        dp.Step();
        var after = model.GetWeights().SelectMany(w => w).ToArray();
        var noise = before.Zip(after, (b, a) => (double)(b - a) * expected / lr).ToArray();
        double mean = noise.Average(), std = Math.Sqrt(noise.Sum(v => (v - mean) * (v - mean)) / (noise.Length - 1));
        Assert.InRange(std, 0.97 * sigma * clip, 1.03 * sigma * clip); // 25 k draws: the std is within 1 % with near certainty
        Assert.InRange(mean, -0.03 * sigma * clip, 0.03 * sigma * clip);
    }

    [Fact]
    public async Task ShortPrivateRunLearnsAndSpendsWhatTheAccountantSays()
    {
        var train = await TestData.TrainAsync(3000);
        var test = await TestData.TestAsync(1000);
        var options = new RecipeOptions("mlp-small", Epochs: 4, BatchSize: 300, Optimizer: "sgd", LearningRate: 0.5f, Seed: 2);
        var run = DpSgdRun.Prepare(options, new DpSgdOptions(TargetEpsilon: 8, Delta: 1e-4, Clip: 1f) { Seed = 4 }, train, test);
        var epochs = run.Fit().ToList();
        Assert.Equal(4, epochs.Count);
        Assert.Equal(40, epochs[^1].Steps);
        var last = epochs[^1];
        Assert.True(last.Result.TestAccuracy > 0.4, $"accuracy {last.Result.TestAccuracy}");
        var accountant = RdpAccountant.Epsilon(0.1, run.Noise, 40, 1e-4);
        Assert.Equal(accountant.Epsilon, last.Spent.Epsilon, 12);
        Assert.InRange(last.Spent.Epsilon, 7.99, 8.0);
        Assert.True(epochs.Zip(epochs.Skip(1)).All(p => p.First.Spent.Epsilon < p.Second.Spent.Epsilon));
    }

    [Fact]
    public async Task GivenNoiseStopsAtTheTarget()
    {
        var train = await TestData.TrainAsync(1000);
        var test = await TestData.TestAsync(200);
        var options = new RecipeOptions("mlp-small", Epochs: 50, BatchSize: 100, Optimizer: "sgd", LearningRate: 0.1f, Seed: 2);
        var run = DpSgdRun.Prepare(options, new DpSgdOptions(TargetEpsilon: 2, Delta: 1e-3, Clip: 1f) { Noise = 1.0, Seed = 4 }, train, test);
        Assert.True(run.PlannedSteps < 500);
        Assert.True(RdpAccountant.Epsilon(0.1, 1.0, run.PlannedSteps, 1e-3).Epsilon <= 2);
        Assert.True(RdpAccountant.Epsilon(0.1, 1.0, run.PlannedSteps + 1, 1e-3).Epsilon > 2);
    }
}
