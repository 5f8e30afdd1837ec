using Verge.Net.Running.Streams;
using Verge.Learning.Data;
using Verge.Learning.Models;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Net.Tests.Streams;

/// <summary>Fashion-MNIST's test set read once for the stream tests, and small bench options over zoo:lenet5.</summary>
internal static class StreamTestData
{
    private static readonly Lazy<Task<ImageDataset>> Test = new(() => FashionMnist.LoadTestAsync());
    private static readonly Lazy<Task<ImageDataset>> Train = new(() => FashionMnist.LoadTrainAsync());

    public static async Task<StreamFrames> FramesAsync() => new(await Test.Value);

    public static async Task<ImageDataset> TrainAsync(int count) => (await Train.Value).Take(count);

    public static async Task<ImageDataset> TestAsync(int count) => (await Test.Value).Take(count);

    public static StreamsBenchOptions Small(int frames = 900) => new()
    {
        ModelPath = TestZoo.Zoo.Resolve("zoo:lenet5"),
        Frames = frames,
    };

    public static string ModelPath(string name) => TrainedZoo.PathOf(name);
}
