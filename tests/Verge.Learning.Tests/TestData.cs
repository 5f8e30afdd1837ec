using Verge.Learning.Data;

namespace Verge.Learning.Tests;

/// <summary>Fashion-MNIST read once per test run (decompressing the training set costs about a second).</summary>
internal static class TestData
{
    private static readonly Lazy<Task<ImageDataset>> TrainSet = new(() => FashionMnist.LoadTrainAsync());
    private static readonly Lazy<Task<ImageDataset>> TestSet = new(() => FashionMnist.LoadTestAsync());

    public static async Task<ImageDataset> TrainAsync(int count) => (await TrainSet.Value).Take(count);

    public static async Task<ImageDataset> TestAsync(int count = 0) => (await TestSet.Value).Take(count);
}
