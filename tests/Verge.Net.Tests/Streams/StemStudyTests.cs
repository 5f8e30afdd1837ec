using Verge.Net.Benchmarks.Streams;
using Xunit.Abstractions;

namespace Verge.Net.Tests.Streams;

public sealed class StemStudyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_applications_on_a_shared_stem_cost_a_fraction_of_three_models_and_stay_close_in_accuracy()
    {
        var options = StreamTestData.Small() with { TrainLimit = 1500, TestLimit = 500, BackboneEpochs = 2, HeadEpochs = 1, TimedFrames = 64 };
        var result = StemStudy.Run(options, await StreamTestData.TrainAsync(1500), await StreamTestData.TestAsync(500), output.WriteLine, CancellationToken.None);
        foreach (var r in result.Rows) output.WriteLine($"k={r.SharedLayers} macs {r.MacsPerFrame} drops {string.Join(", ", r.Drop.Select(d => $"{d.Key} {d.Value:P1}"))}");
        Assert.Equal([0, 3, 6, 9, 11], result.Rows.Select(r => r.SharedLayers));
        Assert.True(result.BackboneAccuracy > 0.6, $"backbone {result.BackboneAccuracy:P1}");
        var deepest = result.Rows[^1];
        Assert.True(result.Separate.MacsPerFrame >= 2.5 * deepest.MacsPerFrame, $"{result.Separate.MacsPerFrame} vs {deepest.MacsPerFrame}");
        // The conv stem (k = 6) is where the MACs are: each application keeps most of its own accuracy on it.
        var convStem = result.Rows.Single(r => r.SharedLayers == 6);
        Assert.All(convStem.Drop.Values, d => Assert.True(d < 0.08, $"drop {d:P1}"));
    }
}
