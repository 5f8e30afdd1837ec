using Verge.Net.Running.Streams;
using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Precog;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Precog on the drifting preset (three classes at a time, a new subset every 20 s): the confidence threshold is
/// calibrated on a held-out drifting stream for at most <see cref="StreamsBenchOptions.MaxDrop"/> accuracy lost, then
/// the evaluated stream is replayed; the edge's answers are the server model's on every frame.
/// </summary>
public static class PrecogStudy
{
    public static PrecogResult Run(StreamsBenchOptions options, StreamFrames frames, ImageDataset train, OnnxBatchRunner runner)
    {
        using var threads = Parallelism.Use(options.Threads);
        var preset = StreamPreset.Drifting;
        var trainer = new SpecialisedTrainer(train.Take(options.TrainLimit), preset, options.PrecogEpochs, options.Seed);
        var held = frames.Calibration(preset, options.PrecogFrames, options.Seed);
        double threshold = PrecogReplay.Calibrate(held, StreamFrames.Answers(runner, held), trainer, options.MaxDrop);
        var evaluated = frames.Evaluation(preset, options.PrecogFrames, options.Seed);
        var outcome = PrecogReplay.Run(evaluated, StreamFrames.Answers(runner, evaluated), trainer, threshold);
        long saved = outcome.Local.Count(l => l) * (long)FrameStream.FrameSize * sizeof(float);
        return new PrecogResult(evaluated.Count, threshold, outcome.LocalFraction, outcome.Accuracy, outcome.AccuracyOffload,
            outcome.ModelsPushed, outcome.BytesPushed, trainer.Trained, saved);
    }
}
