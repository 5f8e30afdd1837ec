using Verge.Learning.Federated;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Models;

namespace Verge.Learning.Tests.Federated;

/// <summary>AdaComm (Wang and Joshi, SysML 2019): τ_0 from the error–runtime optimum, τ shrinking with the loss, and the estimates behind it.</summary>
public sealed class AdaCommTests
{
    private static readonly AdaptiveTauOptions Options = new(Budget: 100, MaxTau: 100) { Method = TauMethod.AdaComm };

    [Fact]
    public void TheFirstTauIsTheErrorRuntimeOptimum()
    {
        // τ* = √(2F·D / (η³L²σ²T)) = √(2·2·8 / (0.001·4·1·100)) = √80 ≈ 8.94.
        Assert.Equal(Math.Sqrt(80), AdaCommController.OptimalTau(loss: 2, delay: 8, eta: 0.1, smoothness: 2, variance: 1, time: 100), 9);
        var controller = new AdaCommController(Options);
        var plain = new DivergenceEstimate(Rho: 0, Beta: 2, Delta: 0, LearningRate: 0.1) { Loss = 2, Variance = 1 };
        Assert.Equal(9, controller.FirstTau(plain, delay: 8));
        // Dearer communication, longer rounds (τ* ∝ √D); no noise, no reason to communicate (τ_max).
        Assert.Equal(18, controller.FirstTau(plain, delay: 32));
        Assert.Equal(100, controller.FirstTau(plain with { Variance = 0 }, 8));
        // With momentum η(τ) grows with τ, so τ_0 is where τ first reaches τ*(η(τ)).
        var heavy = plain with { Momentum = 0.9, LearningRate = 0.05 };
        int tau0 = controller.FirstTau(heavy, 8);
        Assert.True(tau0 >= AdaCommController.OptimalTau(2, 8, heavy.Eta(tau0), 2, 1, 100));
        Assert.True(tau0 - 1 < AdaCommController.OptimalTau(2, 8, heavy.Eta(tau0 - 1), 2, 1, 100));
    }

    [Fact]
    public void TauShrinksAsTheLossFalls()
    {
        Assert.Equal(5, AdaCommController.Next(loss: 0.5, initialLoss: 2, initialTau: 10, maxTau: 100));
        Assert.Equal(1, AdaCommController.Next(0, 2, 10, 100));
        var controller = new AdaCommController(Options);
        var e = new DivergenceEstimate(0, Beta: 2, Delta: 0, LearningRate: 0.1) { Loss = 2, Variance = 1 };
        Assert.Equal(9, controller.Choose(e, 8));
        int[] taus = new[] { 1.5, 1.0, 0.5, 0.1 }.Select(f => controller.Choose(e with { Loss = f }, 8)).ToArray();
        Assert.Equal([8, 7, 5, 3], taus);
        Assert.Equal(9, controller.InitialTau);
    }

    [Fact]
    public void TheServerAsksForLossAndVarianceAndAveragesThem()
    {
        var fit = new FitConfig(LocalSteps: 4, BatchSize: 1, LearningRate: 0.1f);
        var strategy = new AdaptiveTauStrategy(new FedAvgStrategy([0f, 0f], new FedAvgOptions(fit)), Options, fit, stepCost: 1);
        var request = strategy.ConfigureFit(1, [0, 1]).Instructions[0].Config.Estimate!;
        Assert.True(request is { LossAndVariance: true, SketchWidth: 0 }, $"{request}");
        strategy.AggregateFit(1, [Update(0, 30, beta: 2, loss: 2, variance: 1), Update(1, 10, beta: 6, loss: 6, variance: 5)]);
        var e = strategy.Estimate!;
        Assert.Equal(0.75 * 2 + 0.25 * 6, e.Beta, 9);
        Assert.Equal(0.75 * 2 + 0.25 * 6, e.Loss!.Value, 9);
        Assert.Equal(0.75 * 1 + 0.25 * 5, e.Variance!.Value, 9);
        Assert.Equal(0, e.Delta);
        strategy.Record(4 + 8);
        Assert.Equal(strategy.InitialTau, strategy.Tau);
    }

    [Fact]
    public async Task AClientAskedForLossAndVarianceSendsThem()
    {
        var data = await TestData.TrainAsync(96);
        var model = TrainableZoo.Create("mlp-small", 1);
        var client = new FederatedClient(0, model, data, new Fp32Codec(), batchSize: 16);
        var weights = ModelVector.Get(model);
        var config = new FitConfig(3, 16, 0.1f) { Estimate = new EstimateRequest(32, 0) { LossAndVariance = true } };
        var e = client.Fit(new FitInstruction(0, 1, 0, weights, config)).Estimate!;
        // The loss is the probe's at the round's start; σ² of a 16-sample step equals the 16-sample halves' estimate.
        var probe = new ModelProbe(model, data.Take(32));
        var (loss, _) = probe.At(weights);
        var (halvesLoss, _, variance, half) = probe.Halves(weights);
        Assert.Equal(16, half);
        Assert.Equal(loss, e.Loss!.Value, 4);
        Assert.Equal(halvesLoss, e.Loss!.Value, 9);
        Assert.Equal(variance, e.Variance!.Value, 9);
        Assert.True(e is { Beta: > 0, Variance: > 0, GradientSketch.Length: 0, WireBytes: 8 + 8 + 4 + 16 }, $"{e}");
    }

    private static ClientUpdate Update(int client, int samples, double beta, double loss, double variance) =>
        new(client, 1, 0, [0f, 0f], samples, 4, 1.0, 0) { Estimate = new LocalEstimate(1, beta, [], 128) { Loss = loss, Variance = variance } };
}
