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
            AllocationKnobSets = [AllocationStudy.ModelKnobs],
            AllocationMixes = [AllocationStudy.Stationary],
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

    [Fact]
    public async Task The_issue_knobs_add_resolution_and_exit_settings_beside_the_model_knobs_on_both_mixes()
    {
        var options = StreamTestData.Small() with
        {
            Variants = new Dictionary<string, string> { ["mlp"] = StreamTestData.ModelPath("mlp"), ["lenet5"] = StreamTestData.ModelPath("lenet5") },
            ExitModelPath = StreamTestData.ModelPath("branchy-lenet5"),
            ExitThresholds = [0.9],
            StreamCounts = [3],
            ProfileFrames = 300,
            AllocationWindows = 3,
            TrainLimit = 512,
            LowResolutionEpochs = 1,
        };
        var rows = AllocationStudy.Run(options, await StreamTestData.FramesAsync(), output.WriteLine, await StreamTestData.TrainAsync(512));
        Assert.Equal(
            [(AllocationStudy.ModelKnobs, AllocationStudy.Stationary), (AllocationStudy.IssueKnobs, AllocationStudy.Stationary),
             (AllocationStudy.ModelKnobs, AllocationStudy.Changing), (AllocationStudy.IssueKnobs, AllocationStudy.Changing)],
            rows.Select(r => (r.KnobSet, r.Mix)));
        Assert.True(rows[1].ProfiledMeanAccuracy >= rows[0].ProfiledMeanAccuracy - 1e-9, "more knobs never hurt on the profiled window");
        Assert.Equal(rows[0].Periodic[0].SettingsProfiledInFull * 4 / 2, rows[1].Periodic[0].SettingsProfiledInFull);
        Assert.Contains(rows[2].Knobs.Keys, k => k.Contains("static→busy", StringComparison.Ordinal));
        Assert.Equal(AllocationOverTime.Scheduler, rows[3].Scheduler.Policy);
    }
}
