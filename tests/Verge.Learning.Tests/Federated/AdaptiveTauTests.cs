using Verge.Learning.Federated;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Simulation;

namespace Verge.Learning.Tests.Federated;

/// <summary>Wang et al.'s τ controller on synthetic estimates, and the budget it keeps.</summary>
public sealed class AdaptiveTauTests
{
    private static readonly AdaptiveTauOptions Options = new(Budget: 100, Phi: 0.025, Gamma: 10, MaxTau: 100);

    [Fact]
    public void OneLocalStepDriftsNothing()
    {
        Assert.Equal(0, TauController.H(1, delta: 0.3, beta: 2, eta: 0.1), 12);
        Assert.True(TauController.H(10, 0.3, 2, 0.1) > TauController.H(5, 0.3, 2, 0.1));
        Assert.Equal(0, TauController.H(7, 0.3, 0, 0.1));
    }

    [Fact]
    public void WithoutDivergenceTheCheapestProgressIsTheLongestRound()
    {
        var controller = new TauController(Options);
        var flat = new DivergenceEstimate(Rho: 1, Beta: 1, Delta: 0, LearningRate: 0.1);
        // No drift: G grows with τ while aggregations cost anything; γ·τ caps the growth.
        Assert.Equal(50, controller.Choose(flat, previous: 5, stepCost: 0.1, aggregationCost: 5));
        Assert.Equal(100, controller.Choose(flat, previous: 20, stepCost: 0.1, aggregationCost: 5));
    }

    [Fact]
    public void DivergenceAndCheapAggregationShortenTheRound()
    {
        var controller = new TauController(Options);
        var divergent = new DivergenceEstimate(Rho: 1, Beta: 1, Delta: 0.001, LearningRate: 0.1);
        int expensive = controller.Choose(divergent, 20, stepCost: 0.1, aggregationCost: 10);
        int cheap = controller.Choose(divergent, 20, stepCost: 0.1, aggregationCost: 0.01);
        Assert.InRange(cheap, 1, expensive - 1);
        Assert.Equal(1, controller.Choose(divergent with { Delta = 1e6 }, 20, 0.1, 10));
        // The choice is the argmin of the bound G over the allowed range.
        double best = Enumerable.Range(1, 100).Min(t => controller.G(t, divergent, 0.1, 10));
        Assert.Equal(best, controller.G(expensive, divergent, 0.1, 10));
    }

    [Fact]
    public void MomentumLengthensTheStepAsTheRoundGoesOn()
    {
        var e = new DivergenceEstimate(1, 1, 1, LearningRate: 0.05, Momentum: 0.9);
        Assert.Equal(0.05, e.Eta(1), 12);
        Assert.Equal(0.05 * (1 + 1.9) / 2, e.Eta(2), 12);
        Assert.InRange(e.Eta(1000), 0.49, 0.5);
        Assert.Equal(0.05, (e with { Momentum = 0 }).Eta(50), 12);
    }

    [Fact]
    public void TheLastRoundTakesWhatTheBudgetPaysFor()
    {
        Assert.Equal(40, TauController.Affordable(40, remaining: 100, stepCost: 1, aggregationCost: 10));
        Assert.Equal(15, TauController.Affordable(40, remaining: 25, stepCost: 1, aggregationCost: 10));
        Assert.Equal(0, TauController.Affordable(40, remaining: 10.5, stepCost: 1, aggregationCost: 10));
    }

    [Fact]
    public void DearerCommunicationBuysLongerRounds()
    {
        var controller = new TauController(Options);
        var e = new DivergenceEstimate(Rho: 1, Beta: 2, Delta: 0.05, LearningRate: 0.1);
        int[] taus = new[] { 0.1, 1, 10, 100 }.Select(b => controller.Choose(e, 100, stepCost: 0.1, aggregationCost: b)).ToArray();
        for (int i = 1; i < taus.Length; i++) Assert.True(taus[i] >= taus[i - 1], string.Join(", ", taus));
        Assert.True(taus[^1] > taus[0], string.Join(", ", taus));
    }

    [Fact]
    public void TheServerAveragesTheClientsEstimatesAndBudgetsTheRounds()
    {
        var fit = new FitConfig(LocalSteps: 4, BatchSize: 1, LearningRate: 0.1f);
        var strategy = new AdaptiveTauStrategy(new FedAvgStrategy([0f, 0f], new FedAvgOptions(fit)), Options, fit, stepCost: 1);
        var config = strategy.ConfigureFit(1, [0, 1]).Instructions[0].Config;
        Assert.Equal(4, config.LocalSteps);
        Assert.Equal(new EstimateRequest(Options.ProbeSamples, Options.SketchWidth), config.Estimate);
        // Gradients (3, 0) and (0, 4) on 30 and 10 samples: ∇F = (2.25, 1); δ = ¾·‖(0.75, −1)‖ + ¼·‖(−2.25, 3)‖.
        strategy.AggregateFit(1, [Update(0, 30, rho: 1, beta: 2, [3f, 0f]), Update(1, 10, rho: 3, beta: 6, [0f, 4f])]);
        var e = strategy.Estimate!;
        Assert.Equal(0.75 * 1 + 0.25 * 3, e.Rho, 9);
        Assert.Equal(0.75 * 2 + 0.25 * 6, e.Beta, 9);
        Assert.Equal(0.75 * 1.25 + 0.25 * 3.75, e.Delta, 5);
        Assert.Equal(0.1, e.Eta(7), 6);
        strategy.Record(24);
        Assert.Equal(20, strategy.AggregationCost, 12);
        Assert.Equal(24, strategy.Spent, 12);
        // A round without estimates keeps the last ones.
        strategy.ConfigureFit(2, [0, 1]);
        strategy.AggregateFit(2, [new ClientUpdate(0, 2, 1, [0f, 0f], 10, 4, 1.0, 0)]);
        Assert.Same(e, strategy.Estimate);
        strategy.Record(70);
        Assert.True(strategy.Exhausted, "94 of 100 spent leaves less than one step and one aggregation");
    }

    [Fact]
    public async Task ASimulationStopsWithinItsBudget()
    {
        var (train, test) = (await TestData.TrainAsync(800), await TestData.TestAsync(200));
        var options = new SimulationOptions("mlp", 4, "fedavg", "fp32", Rounds: 50)
        {
            Settings = new() { Fit = new(4, 16, 0.05f, 0.5f) }, Alpha = 1.0, Budget = 12, AdaptiveTau = new AdaptiveTauOptions(12),
            Device = ClientProfile.Default with { UplinkBytesPerSecond = 12.5e6, DownlinkBytesPerSecond = 12.5e6 },
        };
        var simulation = new FederatedSimulation(options, train, test);
        var report = simulation.Run();
        var adaptive = Assert.IsType<AdaptiveTauStrategy>(simulation.Strategy);
        Assert.InRange(report.TotalSimSeconds, 0, 12);
        Assert.InRange(report.Rounds.Count, 3, 49);
        Assert.True(adaptive.Exhausted);
        Assert.True(adaptive.Estimate is { Rho: > 0, Beta: > 0, Delta: > 0 }, $"{adaptive.Estimate}");
    }

    /// <summary>An update carrying its estimates; the sketch is the gradient itself (a sketch as wide as the model hashes without collisions only by chance, so the test uses the identity).</summary>
    private static ClientUpdate Update(int client, int samples, double rho, double beta, float[] gradient) =>
        new(client, 1, 0, [0f, 0f], samples, 4, 1.0, 0) { Estimate = new LocalEstimate(rho, beta, gradient, 128) };
}
