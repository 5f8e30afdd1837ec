using Xunit.Abstractions;
using Verge.Learning.Export;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Net.Tests.Streams;

public sealed class ChangeDetectionStudyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Calibrated_gates_skip_most_frames_of_a_static_stream_within_a_point_of_every_frame()
    {
        var options = StreamTestData.Small();
        var frames = await StreamTestData.FramesAsync();
        using var runner = new OnnxBatchRunner(options.ModelPath, threads: 1);
        var rows = ChangeDetectionStudy.Run(options, frames, runner);
        foreach (var r in rows) output.WriteLine($"{r.Stream} {r.Technique}: t={r.Threshold:0.####} sent {r.OffloadedFraction:P1} acc {r.Accuracy:P2} every {r.AccuracyEveryFrame:P2}");
        var still = rows.Where(r => r.Stream == "static").ToList();
        Assert.Equal(2, still.Count);
        Assert.All(still, r => Assert.True(r.OffloadedFraction < 0.5, $"{r.Technique} sent {r.OffloadedFraction:P1}"));
        Assert.All(still, r => Assert.True(r.Accuracy >= r.AccuracyEveryFrame - 0.01, $"{r.Technique}: {r.Accuracy:P2} vs {r.AccuracyEveryFrame:P2}"));
        Assert.All(still, r => Assert.Equal(r.Frames * 784L * 4, r.UplinkBytes + r.UplinkBytesSaved));
    }
}
