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
        var flat = new DivergenceEstimate(Rho: 1, Beta: 1, Delta: 0, Eta: 0.1);
        // No drift: G grows with τ while aggregations cost anything; γ·τ caps the growth.
        Assert.Equal(50, controller.Choose(flat, previous: 5, stepCost: 0.1, aggregationCost: 5));
        Assert.Equal(100, controller.Choose(flat, previous: 20, stepCost: 0.1, aggregationCost: 5));
    }

    [Fact]
    public void DivergenceAndCheapAggregationShortenTheRound()
    {
        var controller = new TauController(Options);
        var divergent = new DivergenceEstimate(Rho: 1, Beta: 1, Delta: 0.001, Eta: 0.1);
        int expensive = controller.Choose(divergent, 20, stepCost: 0.1, aggregationCost: 10);
        int cheap = controller.Choose(divergent, 20, stepCost: 0.1, aggregationCost: 0.01);
        Assert.InRange(cheap, 1, expensive - 1);
        Assert.Equal(1, controller.Choose(divergent with { Delta = 1e6 }, 20, 0.1, 10));
        // The choice is the argmax of G over the allowed range.
        double best = Enumerable.Range(1, 100).Max(t => controller.G(t, divergent, 0.1, 10));
        Assert.Equal(best, controller.G(expensive, divergent, 0.1, 10));
    }

    [Fact]
    public void TheLastRoundTakesWhatTheBudgetPaysFor()
    {
        Assert.Equal(40, TauController.Affordable(40, remaining: 100, stepCost: 1, aggregationCost: 10));
        Assert.Equal(15, TauController.Affordable(40, remaining: 25, stepCost: 1, aggregationCost: 10));
        Assert.Equal(0, TauController.Affordable(40, remaining: 10.5, stepCost: 1, aggregationCost: 10));
    }

    [Fact]
    public void EstimatesComeFromTheUpdatesAndTheBudgetFromTheRounds()
    {
        var fit = new FitConfig(LocalSteps: 4, BatchSize: 1, LearningRate: 0.1f);
        var strategy = new AdaptiveTauStrategy(new FedAvgStrategy([0f, 0f], new FedAvgOptions(fit)), Options, fit, stepCost: 1);
        Assert.Equal(4, strategy.ConfigureFit(1, [0, 1]).Instructions[0].Config.LocalSteps);
        // Mean gradients −Δ/(ητ): (−1, 0) and (1, 0); their mean is 0, each lies 1 away: δ = 1.
        strategy.AggregateFit(1, [Update(0, [0.4f, 0f], loss: 2.0), Update(1, [-0.4f, 0f], loss: 2.0)]);
        Assert.Null(strategy.Estimate);
        strategy.Record(24);
        Assert.Equal(20, strategy.AggregationCost, 12);
        Assert.Equal(24, strategy.Spent, 12);
        Assert.Equal(4, strategy.Tau);
        // The global weights did not move in round 1 (the updates cancel), so the next round estimates nothing yet.
        strategy.ConfigureFit(2, [0, 1]);
        strategy.AggregateFit(2, [Update(0, [0.8f, 0f], loss: 1.5), Update(1, [0f, 0f], loss: 1.5)]);
        Assert.Null(strategy.Estimate);
        strategy.ConfigureFit(3, [0, 1]);
        strategy.AggregateFit(3, [Update(0, [0.4f, 0f], loss: 1.0), Update(1, [0f, 0.4f], loss: 1.0)]);
        var e = strategy.Estimate!;
        // The start moved by 0.4 (round 2's mean update); the mean gradient went from (−1, 0) to (−0.5, −0.5); each client's has norm 1.
        Assert.Equal(Math.Sqrt(0.5) / 0.4, e.Beta, 4);
        Assert.Equal(1, e.Rho, 4);
        Assert.Equal(Math.Sqrt(0.5), e.Delta, 4);
        Assert.Equal(0.1, e.Eta, 6);
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

    private static ClientUpdate Update(int client, float[] delta, double loss) => new(client, 1, 0, delta, 10, 4, loss, 0);
}
