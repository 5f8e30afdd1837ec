using Verge.Learning.Federated;
using Verge.Learning.Federated.AsyncSgd;
using Verge.Learning.Federated.Easgd;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Gossip;
using Verge.Learning.Federated.Hierarchical;
using Verge.Learning.Federated.SyncSgd;

namespace Verge.Learning.Tests.Federated;

public sealed class AggregationTests
{
    private static readonly FitConfig Fit = new(1, 1, 0.1f);

    private static ClientUpdate Update(int client, float[] delta, int samples = 1, long version = 0, int round = 1) =>
        new(client, round, version, delta, samples, 1, 0, 0);

    [Fact]
    public void FedAvgMovesByTheSampleWeightedMeanUpdate()
    {
        var fedavg = new FedAvgStrategy([1f, 2f], new FedAvgOptions(Fit));
        var plan = fedavg.ConfigureFit(1, [0, 1]);
        Assert.Equal(2, plan.Quorum);
        fedavg.AggregateFit(1, [Update(0, [1f, 0f], samples: 1), Update(1, [0f, 3f], samples: 3)]);
        // (1·[1,0] + 3·[0,3]) / 4 = [0.25, 2.25]
        Assert.Equal([1.25f, 4.25f], fedavg.ConfigureEvaluate(1));
        Assert.Equal(1, fedavg.ModelVersion);
    }

    [Fact]
    public void FedAvgSamplesTheConfiguredFractionReproducibly()
    {
        var fedavg = new FedAvgStrategy([0f], new FedAvgOptions(Fit, Fraction: 0.3, Seed: 4));
        var clients = Enumerable.Range(0, 10).ToArray();
        var first = fedavg.ConfigureFit(3, clients).Instructions.Select(i => i.ClientId).ToArray();
        Assert.Equal(3, first.Length);
        Assert.Equal(first, fedavg.ConfigureFit(3, clients).Instructions.Select(i => i.ClientId).ToArray());
    }

    [Fact]
    public void SyncSgdWaitsForNMinusBackupAndAveragesEqually()
    {
        var sync = new SyncSgdStrategy([0f], new SyncSgdOptions(Fit, BackupWorkers: 1));
        Assert.Equal(9, sync.ConfigureFit(1, Enumerable.Range(0, 10).ToArray()).Quorum);
        sync.AggregateFit(1, [Update(0, [2f], samples: 100), Update(1, [4f], samples: 1)]);
        Assert.Equal([3f], sync.ConfigureEvaluate(1));
    }

    [Fact]
    public void AsyncSgdDampsStaleUpdates()
    {
        var async = new AsyncSgdStrategy([0f], new AsyncSgdOptions(Fit, Mixing: 0.5f, StalenessExponent: 0.5f));
        async.AggregateFit(1, [Update(0, [4f], version: 0)]);   // fresh: 0.5·4 = 2
        async.AggregateFit(1, [Update(1, [4f], version: 0)]);   // τ = 1: 0.5/√2·4
        async.AggregateFit(1, [Update(2, [4f], version: 0)]);   // τ = 2: 0.5/√3·4
        Assert.Equal(2f + 2f / MathF.Sqrt(2f) + 2f / MathF.Sqrt(3f), async.ConfigureEvaluate(1)[0], 5);
        Assert.Equal(0.25f, async.Weight(3), 6);
    }

    [Fact]
    public void EasgdCentreMovesByAlphaTimesTheSumOfDifferences()
    {
        var easgd = new EasgdStrategy([1f], new EasgdOptions(Fit, Alpha: 0.25f));
        var plan = easgd.ConfigureFit(1, [0, 1]);
        Assert.All(plan.Instructions, i => Assert.Equal(0.25f, i.Config.ElasticAlpha));
        easgd.AggregateFit(1, [Update(0, [2f]), Update(1, [6f])]);
        Assert.Equal([1f + 0.25f * 8f], easgd.ConfigureEvaluate(1));
    }

    [Fact]
    public void HierarchicalWithEverySyncIsFedAvgAndWithNoneKeepsTheCloud()
    {
        var updates = new[] { Update(0, [1f, 0f], samples: 1), Update(1, [0f, 3f], samples: 3) };
        var always = new HierarchicalStrategy([1f, 2f], new HierarchicalOptions(Fit, Edges: 2, SignificanceThreshold: 0));
        var outcome = always.AggregateFit(1, updates);
        Assert.Equal([1.25f, 4.25f], always.ConfigureEvaluate(1));
        Assert.True(outcome.ExtraUplinkBytes > 0);

        var never = new HierarchicalStrategy([1f, 2f], new HierarchicalOptions(Fit, Edges: 2, SignificanceThreshold: 1e9));
        Assert.Equal(0, never.AggregateFit(1, updates).ExtraUplinkBytes);
        Assert.Equal([1f, 2f], never.ConfigureEvaluate(1));
        // The edges kept their own progress: client 1's edge now starts from [1, 5].
        Assert.Equal([1f, 5f], never.ConfigureFit(2, [0, 1]).Instructions[1].Weights);
    }

    [Fact]
    public void GossipAveragingPreservesThePeersMean()
    {
        var gossip = new GossipStrategy([0f, 0f], new GossipOptions(Fit, Peers: 4, Probability: 1.0, Seed: 3));
        var updates = Enumerable.Range(0, 4).Select(p => Update(p, [p, 10f * p])).ToList();
        var outcome = gossip.AggregateFit(1, updates);
        Assert.Equal([1.5f, 15f], gossip.ConfigureEvaluate(1));
        Assert.True(outcome.ExtraUplinkBytes > 0);
        // After mixing, the peers are closer to each other than after training alone.
        var peers = gossip.ConfigureFit(2, [0, 1, 2, 3]).Instructions.Select(i => i.Weights[0]).ToArray();
        Assert.True(peers.Max() - peers.Min() < 3f);
    }
}
