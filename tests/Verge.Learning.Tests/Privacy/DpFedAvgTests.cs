using Verge.Learning.Federated;
using Verge.Learning.Privacy.Accounting;
using Verge.Learning.Privacy.DpFedAvg;

namespace Verge.Learning.Tests.Privacy;

/// <summary>DP-FedAvg on plain values: ε per round from the accountant, and one client's pull bounded by the clip.</summary>
public sealed class DpFedAvgTests
{
    private static readonly FitConfig Fit = new(1, 1, 0.1f);

    private static ClientUpdate Update(int client, float[] delta) => new(client, 1, 0, delta, 10, 1, 0, 0);

    [Fact]
    public void EpsilonGrowsEveryRoundAndEqualsTheAccountantsForQSigmaAndRounds()
    {
        const double q = 0.3, z = 1.1, delta = 1e-5;
        var strategy = new DpFedAvgStrategy(new float[8], Fit, q, new DpFedAvgOptions(z, 1.0, delta) { Seed = 4 });
        double previous = 0;
        var clients = Enumerable.Range(0, 20).ToList();
        for (int round = 1; round <= 6; round++)
        {
            var plan = strategy.ConfigureFit(round, clients);
            Assert.All(plan.Instructions, i => Assert.Equal(1.0, i.Config.ClipNorm));
            var aggregate = strategy.AggregateFit(round, plan.Instructions.Select(i => Update(i.ClientId, new float[8])).ToList());
            var expected = RdpAccountant.Epsilon(q, z, round, delta);
            Assert.Equal(expected.Epsilon, aggregate.Epsilon);
            Assert.Equal(delta, aggregate.Delta);
            Assert.True(aggregate.Epsilon > previous, $"round {round}: ε {aggregate.Epsilon} after {previous}");
            previous = aggregate.Epsilon!.Value;
        }
    }

    [Fact]
    public void ClippingBoundsWhatOneClientCanMoveTheModel()
    {
        // q = 1 and one client: the model moves by (clip(Δ) + noise) / 1; with negligible noise that is clip(Δ).
        var strategy = new DpFedAvgStrategy(new float[4], Fit, 1.0, new DpFedAvgOptions(1e-9, 0.5) { Seed = 1 });
        strategy.ConfigureFit(1, [0]);
        strategy.AggregateFit(1, [Update(0, [300f, -400f, 0f, 0f])]);
        var moved = strategy.GlobalWeights;
        Assert.Equal(0.5, Aggregation.Norm(moved), 5);
        Assert.Equal(0.3, moved[0], 5);
        Assert.Equal(-0.4, moved[1], 5);

        // An update already inside the clip passes unchanged.
        var small = new DpFedAvgStrategy(new float[4], Fit, 1.0, new DpFedAvgOptions(1e-9, 0.5) { Seed = 1 });
        small.ConfigureFit(1, [0]);
        small.AggregateFit(1, [Update(0, [0.1f, 0.2f, 0f, 0f])]);
        Assert.Equal(0.1, small.GlobalWeights[0], 5);
        Assert.Equal(0.2, small.GlobalWeights[1], 5);
    }

    [Fact]
    public void TheNoiseOnTheSumHasStandardDeviationZTimesS()
    {
        var strategy = new DpFedAvgStrategy(new float[20_000], Fit, 1.0, new DpFedAvgOptions(2.0, 0.25) { Seed = 9 });
        strategy.ConfigureFit(1, [0]);
        strategy.AggregateFit(1, []);
        double sd = Math.Sqrt(strategy.GlobalWeights.Average(w => (double)w * w));
        Assert.InRange(sd, 0.49, 0.51);
    }
}
