using Verge.Inference.Graph;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Net.Tests.Streams;

/// <summary>The knobs beyond frame rate × model: exits (a cost that depends on content), input resolution, and
/// streams whose content changes.</summary>
public sealed class KnobVariantTests
{
    [Fact]
    public async Task An_exit_variant_costs_what_its_frames_spent_and_enters_the_profile()
    {
        var frames = await StreamTestData.FramesAsync();
        var stream = frames.Evaluation(StreamPreset.Busy, 120, 5);
        var path = StreamTestData.ModelPath("branchy-lenet5");
        using var exits = new ExitVariants(path, threads: 1);
        var variants = exits.Run(stream, [0, 0.99, 2]);
        var macs = Verge.Learning.EarlyExit.ExitCosts.FromGraph(ModelGraph.Load(path)).Macs;
        Assert.All(variants[0].Macs, m => Assert.Equal(macs[0], m));   // every frame leaves at the first exit
        Assert.All(variants[2].Macs, m => Assert.Equal(macs[^1], m));  // none is sure enough: all run to the end
        Assert.Contains(variants[1].Macs, m => m < macs[^1]);
        var profile = KnobProfiles.Measure("s", stream, 0, 120, variants);
        var at30 = profile.Points.Where(p => p.FrameRate == 30).ToDictionary(p => p.Variant);
        Assert.Equal(30 * variants[1].Macs.Average(), at30[ExitVariants.Name(0.99)].Cost, 6);
        Assert.True(at30[ExitVariants.Name(0)].Cost < at30[ExitVariants.Name(0.99)].Cost);
        Assert.True(at30[ExitVariants.Name(0.99)].Cost <= at30[ExitVariants.Name(2)].Cost);
        // At 15 fps only every second frame is answered, so only those frames' MACs count.
        var half = Enumerable.Range(0, 60).Average(i => variants[1].Macs[2 * i]);
        Assert.Equal(15 * half, profile.Points.Single(p => p.FrameRate == 15 && p.Variant == ExitVariants.Name(0.99)).Cost, 6);
    }

    [Fact]
    public async Task The_low_resolution_variant_trains_here_takes_full_frames_and_costs_a_fraction_of_lenet5()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-test-{Guid.NewGuid():N}.onnx");
        try
        {
            double accuracy = await LowResolutionVariant.TrainAsync(path, await StreamTestData.TrainAsync(512), await StreamTestData.TestAsync(256), epochs: 1, seed: 1, threads: 1);
            Assert.InRange(accuracy, 0.3, 1);  // learns something in one small epoch
            using var runner = new OnnxBatchRunner(path, 1);
            Assert.Equal(FrameStream.FrameSize, runner.ImageSize);
            Assert.True(ModelGraph.Load(path).MacsTotal * 3 < ModelGraph.Load(StreamTestData.ModelPath("lenet5")).MacsTotal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Changing_streams_are_seeded_and_their_scene_statistics_change_between_windows()
    {
        var frames = await StreamTestData.FramesAsync();
        const int Window = 300, Windows = 6;
        var first = ChangingStreams.Make(frames, 0, Windows, Window, 11);
        var again = ChangingStreams.Make(frames, 0, Windows, Window, 11);
        Assert.Equal(Windows * Window, first.Count);
        Assert.Equal(first.Labels(), again.Labels());
        Assert.Equal(Enumerable.Range(0, first.Count), first.Frames.Select(f => f.Index));
        var busy = Enumerable.Range(0, Windows).Select(w => KnobProfiles.Signature(first, w * Window, Window)).ToList();
        // Starts static (2–4 windows), then turns busy: the busy-frame share jumps.
        Assert.True(busy[0] * 2 < busy.Max(), string.Join(", ", busy));
        var drifting = ChangingStreams.Make(frames, 2, Windows, Window, 11);
        var classes = Enumerable.Range(0, 3).Select(w => drifting.Frames.Skip(2 * w * Window).Take(2 * Window).Select(f => f.Label).ToHashSet()).ToList();
        Assert.NotEqual(classes[0], classes[1]);
    }
}
