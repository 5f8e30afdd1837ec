using Verge.Learning.Federated;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Robust;

namespace Verge.Learning.Tests.Federated;

/// <summary>Krum and Multi-Krum (Blanchard et al., NeurIPS 2017) on hand-checked examples and under attack.</summary>
public sealed class KrumTests
{
    [Fact]
    public void ScoresSumTheSquaredDistancesToTheNearestNMinusFMinusTwo()
    {
        // Points 0, 1, 3 and 10 on a line, f = 0: each sums its n − f − 2 = 2 nearest squared distances.
        float[][] points = [[0], [1], [3], [10]];
        // 0: 1 + 9; 1: 1 + 4; 3: 4 + 9; 10: 49 + 81.
        Assert.Equal([10.0, 5.0, 13.0, 130.0], Krum.Scores(points, 0));
        Assert.Equal([1f], Krum.Aggregate(points, 1, f: 0, m: 1));        // Krum: the point at 1
        Assert.Equal([0.5f], Krum.Aggregate(points, 1, f: 0, m: 2));      // Multi-Krum m = 2: mean of 1 and 0
    }

    [Fact]
    public void KrumPicksAnHonestUpdateWhenFByzantineOnesAreFarAway()
    {
        // Seven honest updates near (1, 1, 1, 1); two Byzantine ones far away, agreeing with each other.
        var rng = new Random(3);
        var updates = new List<float[]>();
        for (int i = 0; i < 7; i++)
            updates.Add([.. Enumerable.Range(0, 4).Select(_ => 1f + (float)(rng.NextDouble() - 0.5) * 0.1f)]);
        updates.Add([-50, -50, -50, -50]);
        updates.Add([-50, -50, -50, -50.1f]);
        var chosen = Krum.Select(updates, f: 2, m: 1).Single();
        Assert.InRange(chosen, 0, 6);
        var multi = Krum.Aggregate(updates, 4, f: 2, m: 7);
        Assert.All(multi, v => Assert.InRange(v, 0.95f, 1.05f));
        Assert.DoesNotContain(7, Krum.Select(updates, 2, 7));
        Assert.DoesNotContain(8, Krum.Select(updates, 2, 7));
    }

    [Fact]
    public void FIsLoweredToWhatTheUpdateCountTolerates()
    {
        Assert.Equal(0, Krum.MaxByzantine(3));
        Assert.Equal(3, Krum.MaxByzantine(10));
        // Two updates: each one's only neighbour is the other, so the scores tie and the first wins.
        Assert.Equal([2f], Krum.Aggregate([[2f], [4f]], 1, f: 5, m: 1));
        Assert.Equal([7f], Krum.Aggregate([[7f]], 1, f: 0, m: 1));
        Assert.Equal([0f, 0f], Krum.Aggregate([], 2, f: 1, m: 1));
    }

    [Fact]
    public void FedAvgWithMultiKrumIgnoresSignFlippedClientsThatTheMeanFollows()
    {
        // Eight clients push (1, 2); two send the flipped, scaled update (−10, −20) and claim many samples.
        var results = Enumerable.Range(0, 10).Select(c => new ClientUpdate(c, 1, 0, c < 2 ? [-10f, -20f] : [1f + c * 0.01f, 2f], c < 2 ? 1_000_000 : 100, 1, 0, 0)).ToList();
        FedAvgStrategy With(string rule) => new(new float[2], new FedAvgOptions(new FitConfig(1, 1, 0.1f)) { Aggregation = AggregationRule.Parse(rule) });
        var multi = With("multi-krum");
        var krum = With("krum:2");
        var mean = With("mean");
        foreach (var s in new[] { multi, krum, mean }) s.AggregateFit(1, results);
        Assert.InRange(multi.GlobalWeights[0], 1f, 1.1f);
        Assert.Equal(2f, multi.GlobalWeights[1]);
        Assert.InRange(krum.GlobalWeights[0], 1f, 1.1f);
        Assert.True(mean.GlobalWeights[0] < -9f);
    }

    [Fact]
    public void BucketingAveragesShuffledBucketsAndKeepsEveryUpdate()
    {
        var results = Enumerable.Range(0, 5).Select(c => new ClientUpdate(c, 4, 0, [c * 1f], 10, 1, 0, 0)).ToList();
        var buckets = Bucketing.Means(results, 2, 1);
        Assert.Equal(3, buckets.Count); // ⌈5/2⌉
        Assert.Equal(50, buckets.Sum(b => b.Samples));
        // Two buckets of two and one of one: the means, weighted by bucket size, give back the overall mean 2.
        Assert.Equal(2.0, (buckets[0].Delta[0] + buckets[1].Delta[0]) * 2 / 5 + buckets[2].Delta[0] / 5, 5);
        Assert.Equal([.. buckets.Select(b => b.Delta[0])], [.. Bucketing.Means(results, 2, 1).Select(b => b.Delta[0])]); // seeded by the round
        Assert.Same(results, Bucketing.Means(results, 1, 1));
    }
}
