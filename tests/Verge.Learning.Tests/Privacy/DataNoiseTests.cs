using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Privacy.DataNoise;

namespace Verge.Learning.Tests.Privacy;

/// <summary>Training-data noise (Zhang et al. 2018): inputs perturbed on the device, labels never, seeded.</summary>
public sealed class DataNoiseTests
{
    [Fact]
    public async Task NoisePerturbsPixelsWithinRangeAndKeepsLabels()
    {
        var data = await TestData.TrainAsync(50);
        var noisy = DataObfuscation.Perturb(data, new DataNoiseOptions(0.2, Seed: 4), device: 1);
        Assert.Equal(data.Labels, noisy.Labels);
        Assert.Equal(data.Pixels.Length, noisy.Pixels.Length);
        Assert.All(noisy.Pixels, p => Assert.InRange(p, 0f, 1f));
        double diff = data.Pixels.Zip(noisy.Pixels, (a, b) => (double)(a - b) * (a - b)).Average();
        // Clipping to [0, 1] trims the noise on black and white pixels, so the spread is below 0.2 but of its order.
        Assert.InRange(Math.Sqrt(diff), 0.08, 0.2);
        Assert.Equal(noisy.Pixels, DataObfuscation.Perturb(data, new DataNoiseOptions(0.2, Seed: 4), device: 1).Pixels);
        Assert.NotEqual(noisy.Pixels, DataObfuscation.Perturb(data, new DataNoiseOptions(0.2, Seed: 4), device: 2).Pixels);
        Assert.Same(data, DataObfuscation.Perturb(data, new DataNoiseOptions(0)));
    }

    [Fact]
    public async Task CopiesRepeatLabelsWithFreshNoise()
    {
        var data = await TestData.TrainAsync(10);
        var noisy = DataObfuscation.Perturb(data, new DataNoiseOptions(0.1, Copies: 3));
        Assert.Equal(30, noisy.Count);
        Assert.Equal(data.Labels.Concat(data.Labels).Concat(data.Labels), noisy.Labels);
        Assert.NotEqual(noisy.Image(0).ToArray(), noisy.Image(10).ToArray());
    }

    [Theory]
    [InlineData(-0.1, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(0.1, 0)]
    public void BadOptionsAreUsageErrors(double scale, int copies) =>
        Assert.Throws<UsageException>(() => new DataNoiseOptions(scale, copies).Validate());

    [Fact]
    public async Task TheSimulationPerturbsEachDevicesShareAndNothingElse()
    {
        var train = await TestData.TrainAsync(200);
        var test = await TestData.TestAsync(50);
        var testPixels = test.Pixels.ToArray();
        SimulationOptions Options(DataNoiseOptions? noise) => new("mlp", 3, "fedavg", "fp32", Rounds: 1)
        {
            Settings = new() { Fit = new(1, 16, 0.05f), Seed = 2 }, Alpha = null, DataNoise = noise,
        };
        var clean = new FederatedSimulation(Options(null), train, test);
        var noisy = new FederatedSimulation(Options(new DataNoiseOptions(0.3, Seed: 2)), train, test);
        for (int c = 0; c < 3; c++)
        {
            var (a, b) = (clean.Clients[c].Data, noisy.Clients[c].Data);
            Assert.Equal(a.Labels, b.Labels);
            Assert.NotEqual(a.Pixels, b.Pixels);
            Assert.Equal(DataObfuscation.Perturb(a, new DataNoiseOptions(0.3, Seed: 2), c).Pixels, b.Pixels);
        }
        noisy.Run();
        Assert.Equal(testPixels, test.Pixels);
    }
}
