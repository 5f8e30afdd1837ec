using Verge.Learning.Federated;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.FedAvg;

namespace Verge.Learning.Tests.Federated;

/// <summary>JSAC's G(τ) with the drift measured (Verge's controller): the spread, its fitted growth, and the τ it buys.</summary>
public sealed class MeasuredDriftTests
{
    private static readonly AdaptiveTauOptions Options = new(Budget: 100, Phi: 0.025, Gamma: 10, MaxTau: 100) { Method = TauMethod.Measured };
    private static readonly DivergenceEstimate Estimate = new(Rho: 1, Beta: 0, Delta: 0, LearningRate: 0.1);

    [Fact]
    public void TheSpreadIsTheWeightedDistanceOfTheClientModelsFromTheirAverage()
    {
        // Updates (4, 0) on 30 samples and (0, 0) on 10: mean (3, 0); spread ¾·1 + ¼·3.
        Assert.Equal(0.75 * 1 + 0.25 * 3, MeasuredDriftController.Spread([Update(0, 30, [4f, 0f]), Update(1, 10, [0f, 0f])]), 9);
        Assert.Equal(0, MeasuredDriftController.Spread([Update(0, 30, [4f, 0f])]));
        Assert.Equal(0, MeasuredDriftController.Spread([Update(0, 3, [1f, 2f]), Update(1, 9, [1f, 2f])]), 12);
    }

    [Fact]
    public void OneTauSeenScalesLinearlyAndMoreAreFittedAsAPowerLaw()
    {
        var controller = new MeasuredDriftController(Options);
        Assert.Equal(0, controller.H(20));
        controller.Observe(10, 2);
        Assert.Equal(1, controller.Exponent);
        Assert.Equal(8, controller.H(40), 9);
        controller.Observe(40, 4);
        Assert.Equal(0.5, controller.Exponent, 9);
        Assert.Equal(4 * Math.Sqrt(4), controller.H(160), 9);
        // Steeper than h's quadratic leading term, or flatter than a random walk, is clamped.
        controller.Observe(10, 1e-6);
        Assert.Equal(MeasuredDriftController.MaxExponent, controller.Exponent);
        controller.Observe(10, 1e6);
        Assert.Equal(MeasuredDriftController.MinExponent, controller.Exponent);
    }

    [Fact]
    public void SlowDriftBuysLongerRoundsThanFastDrift()
    {
        var slow = new MeasuredDriftController(Options);
        var fast = new MeasuredDriftController(Options);
        foreach (var (tau, s) in new[] { (10, 0.1), (20, 0.1 * Math.Sqrt(2)) }) slow.Observe(tau, s);
        foreach (var (tau, s) in new[] { (10, 0.1), (20, 0.4) }) fast.Observe(tau, s);
        int longer = slow.Choose(Estimate, previous: 20, stepCost: 0.1, aggregationCost: 5);
        int shorter = fast.Choose(Estimate, previous: 20, stepCost: 0.1, aggregationCost: 5);
        Assert.True(longer > shorter, $"slow {longer}, fast {shorter}");
        // The choice is the argmin of G over the allowed range, with h measured.
        var bound = new TauController(Options);
        double best = Enumerable.Range(1, 100).Min(t => bound.G(t, Estimate, 0.1, 5, fast.H(t)));
        Assert.Equal(best, bound.G(shorter, Estimate, 0.1, 5, fast.H(shorter)));
    }

    [Fact]
    public void TauStaysWithinOneAndItsCeiling()
    {
        var none = new MeasuredDriftController(Options);
        none.Observe(20, 0);
        Assert.Equal(50, none.Choose(Estimate, previous: 5, stepCost: 0.1, aggregationCost: 5));
        Assert.Equal(100, none.Choose(Estimate, previous: 20, stepCost: 0.1, aggregationCost: 5));
        var huge = new MeasuredDriftController(Options);
        huge.Observe(20, 1e9);
        Assert.Equal(1, huge.Choose(Estimate, previous: 20, stepCost: 0.1, aggregationCost: 5));
    }

    [Fact]
    public void TheServerMeasuresEachRoundAndTheLastRoundIsCutToTheBudget()
    {
        var fit = new FitConfig(LocalSteps: 4, BatchSize: 1, LearningRate: 0.1f);
        var strategy = new AdaptiveTauStrategy(new FedAvgStrategy([0f, 0f], new FedAvgOptions(fit)), Options, fit, stepCost: 1);
        var request = strategy.ConfigureFit(1, [0, 1]).Instructions[0].Config.Estimate!;
        Assert.True(request is { LossAndVariance: false, SketchWidth: 0 }, $"{request}");
        var note = strategy.AggregateFit(1, [Update(0, 30, [4f, 0f], rho: 1), Update(1, 10, [0f, 0f], rho: 1)]).Note;
        Assert.Equal((4, 1.5), strategy.Measured!.Last);
        Assert.StartsWith("τ 4; ρ 1 s 1.5 p 1", note);
        strategy.Record(4 + 8);
        int tau = strategy.Tau;
        Assert.InRange(tau, 1, 40);
        strategy.ConfigureFit(2, [0, 1]);
        strategy.AggregateFit(2, [Update(0, 30, [8f, 0f], rho: 1), Update(1, 10, [0f, 0f], rho: 1)]);
        Assert.Equal((tau, 3.0), strategy.Measured.Last);
        strategy.Record(tau + 8);
        // The next round takes only the steps the rest of the budget pays for, with b = 8; then none fit.
        double left = 100 - strategy.Spent;
        Assert.InRange(strategy.Tau, 1, (int)Math.Floor(left - 8));
        Assert.False(strategy.Exhausted);
        strategy.Record(left - 0.5);
        Assert.True(strategy.Exhausted);
    }

    private static ClientUpdate Update(int client, int samples, float[] delta, double rho = 0) =>
        new(client, 1, 0, delta, samples, 4, 1.0, 0) { Estimate = new LocalEstimate(rho, 0, [], 128) };
}
