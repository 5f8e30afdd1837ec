using Verge.Learning.Export;
using Verge.Net.Benchmarks.Streams;
using Xunit.Abstractions;

namespace Verge.Net.Tests.Streams;

public sealed class PrecogStudyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_model_specialised_to_recent_classes_answers_many_frames_on_the_device_at_the_edge_accuracy()
    {
        var options = StreamTestData.Small() with { TrainLimit = 6000, PrecogFrames = 1200, PrecogEpochs = 1 };
        using var runner = new OnnxBatchRunner(options.ModelPath, threads: 1);
        var result = PrecogStudy.Run(options, await StreamTestData.FramesAsync(), await StreamTestData.TrainAsync(6000), runner);
        output.WriteLine(result.ToString());
        Assert.True(result.LocalFraction > 0.3, $"local {result.LocalFraction:P1}");
        Assert.True(result.Accuracy >= result.AccuracyOffload - 0.02, $"{result.Accuracy:P2} vs {result.AccuracyOffload:P2}");
        Assert.True(result.ModelsPushed >= 2, "the drift to a second class subset pushes a new model");
    }
}
