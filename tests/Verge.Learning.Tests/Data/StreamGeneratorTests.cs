using Verge.Learning.Data.Streams;

namespace Verge.Learning.Tests.Data;

public sealed class StreamGeneratorTests
{
    [Fact]
    public async Task A_seed_gives_the_same_stream_and_every_frame_carries_its_items_label()
    {
        var images = await TestData.TestAsync(500);
        var a = StreamGenerator.Generate(images, StreamPreset.Busy, 200, seed: 5);
        var b = StreamGenerator.Generate(images, StreamPreset.Busy, 200, seed: 5);
        var c = StreamGenerator.Generate(images, StreamPreset.Busy, 200, seed: 6);
        Assert.Equal(a.Pixels(), b.Pixels());
        Assert.NotEqual(a.Pixels(), c.Pixels());
        Assert.All(a.Frames, f => Assert.All(f.Pixels, p => Assert.InRange(p, 0f, 1f)));
        Assert.All(a.Frames.Zip(a.Frames.Skip(1)), p => Assert.True(p.First.Item != p.Second.Item || p.First.Label == p.Second.Label));
        Assert.Equal(1000.0 / 30, a.Frames[1].TimestampMs - a.Frames[0].TimestampMs, 9);
    }

    [Fact]
    public async Task A_static_camera_cuts_less_often_than_a_busy_one_and_drifting_content_keeps_to_its_class_subset()
    {
        var images = await TestData.TestAsync(1000);
        var still = StreamGenerator.Generate(images, StreamPreset.Static, 600, seed: 1);
        var busy = StreamGenerator.Generate(images, StreamPreset.Busy, 600, seed: 1);
        Assert.True(busy.SceneCuts > 4 * still.SceneCuts, $"{busy.SceneCuts} vs {still.SceneCuts}");
        var drift = StreamGenerator.Generate(images, StreamPreset.Drifting, 1200, seed: 1);
        var subsets = StreamPreset.Drifting.ClassSubsets!;
        Assert.All(drift.Frames.Where(f => drift.Frames.Count(g => g.Item == f.Item && g.Index < f.Index) == 0),
            f => Assert.Contains(f.Label, subsets[f.Index / StreamPreset.Drifting.SubsetFrames % subsets.Count]));
        Assert.Equal(2, drift.Frames.Select(f => f.Index / StreamPreset.Drifting.SubsetFrames).Distinct().Count());
    }
}
