using Verge.Net.Benchmarks.Streams;
using Xunit.Abstractions;

namespace Verge.Net.Tests.Streams;

public sealed class AllocationStudyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_allocator_is_never_behind_the_best_uniform_split_and_alike_streams_share_profiles()
    {
        var options = StreamTestData.Small() with
        {
            Variants = new Dictionary<string, string> { ["mlp"] = StreamTestData.ModelPath("mlp"), ["lenet5"] = StreamTestData.ModelPath("lenet5") },
            StreamCounts = [4, 8],
            ProfileFrames = 450,
            AllocationWindows = 3,
        };
        var rows = AllocationStudy.Run(options, await StreamTestData.FramesAsync(), output.WriteLine);
        foreach (var r in rows) output.WriteLine($"{r.Streams}: {r.MeanAccuracy:P2} vs {r.UniformMeanAccuracy:P2}; ratio {r.CapacityRatioForUniformAccuracy:0.00}; {string.Join(' ', r.Knobs.Values)}");
        Assert.Equal([4, 8], rows.Select(r => r.Streams));
        var eight = rows[1];
        // On the profiles it optimised the allocator is never behind the baselines; the next window is the bench's business.
        Assert.All(rows, r => Assert.True(r.ProfiledMeanAccuracy >= r.ProfiledUniformMeanAccuracy - 1e-9, $"{r.ProfiledMeanAccuracy:P2} vs {r.ProfiledUniformMeanAccuracy:P2}"));
        Assert.True(eight.CapacityRatioForUniformAccuracy < 1);
        Assert.True(eight.ProfilesShared < eight.ProfilesOwn, "alike streams share profiles");
        // The periodic scheduler scores every window after the first, each with what earlier windows taught it, and
        // Chameleon's top-k and sharing profile fewer settings than profiling everything every window.
        Assert.All(rows, r => Assert.Equal(AllocationOverTime.Policies.Select(p => p.Name), r.Periodic.Select(p => p.Policy)));
        Assert.All(rows.SelectMany(r => r.Periodic), p => Assert.Equal(2, p.ScoredWindows));
        Assert.True(eight.Periodic.Single(p => p.Policy == AllocationOverTime.Chameleon).SettingsProfiled < eight.Periodic[0].SettingsProfiled);
        Assert.Equal(eight.Periodic[0].SettingsProfiledInFull, eight.Periodic[0].SettingsProfiled);
    }
}
