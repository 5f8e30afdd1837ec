using Verge.Core.Errors;
using Verge.Learning.Data;

namespace Verge.Learning.Tests;

public sealed class DataTests
{
    [Fact]
    public async Task ReadsFashionMnist()
    {
        var test = await FashionMnist.LoadTestAsync();
        Assert.Equal(10_000, test.Count);
        Assert.Equal(784, test.ImageSize);
        Assert.Equal(1000, test.Labels.Count(l => l == 3)); // the test set is balanced
        Assert.InRange(test.Pixels.Max(), 0.99f, 1f);
        Assert.Equal(0f, test.Pixels.Min());
    }

    [Fact]
    public async Task MissingDataNamesTheDebianPackage()
    {
        var e = await Assert.ThrowsAsync<InputException>(() => FashionMnist.LoadTestAsync("/nonexistent/fmnist"));
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains("--data", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LoaderCoversEverySampleOncePerEpoch()
    {
        var labels = Enumerable.Range(0, 70).ToArray();
        var pixels = labels.SelectMany(l => Enumerable.Repeat((float)l, 4)).ToArray();
        var data = new ImageDataset(pixels, labels, 1, 2, 2);
        var loader = new MiniBatchLoader(data, 16, seed: 3);
        var seen = new List<int>();
        foreach (var (images, batchLabels) in loader.Epoch())
        {
            for (int i = 0; i < batchLabels.Length; i++) Assert.Equal(batchLabels[i], (int)images.Data[i * 4]);
            seen.AddRange(batchLabels);
        }
        Assert.Equal(labels, seen.Order());
        Assert.NotEqual(labels, seen); // shuffled
    }

    [Fact]
    public void IidPartitionSplitsEvenly()
    {
        var parts = Partitioner.Iid(1000, 7, seed: 1);
        Assert.Equal(Enumerable.Range(0, 1000), parts.SelectMany(p => p).Order());
        Assert.All(parts, p => Assert.InRange(p.Length, 142, 143));
    }

    [Fact]
    public void DirichletPartitionIsSkewedForSmallAlphaAndSeeded()
    {
        var labels = Enumerable.Range(0, 5000).Select(i => i % 10).ToArray();
        var skewed = Partitioner.Dirichlet(labels, 10, 0.1, seed: 5);
        var mild = Partitioner.Dirichlet(labels, 10, 100, seed: 5);
        Assert.Equal(Enumerable.Range(0, 5000), skewed.SelectMany(p => p).Order());
        Assert.Equal(skewed, Partitioner.Dirichlet(labels, 10, 0.1, seed: 5));
        double DominantShare(int[][] parts) => parts.Where(p => p.Length > 0)
            .Average(p => p.GroupBy(i => labels[i]).Max(g => g.Count()) / (double)p.Length);
        Assert.True(DominantShare(skewed) > 0.5, $"alpha 0.1: dominant class share {DominantShare(skewed):F2}");
        Assert.True(DominantShare(mild) < 0.2, $"alpha 100: dominant class share {DominantShare(mild):F2}");
    }
}
