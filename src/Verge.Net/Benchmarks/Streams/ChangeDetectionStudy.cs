using Verge.Net.Running.Streams;
using Verge.Inference.Serving.Streams;
using Verge.Inference.Serving.Streams.ChangeDetection;
using Verge.Inference.Serving.Streams.ResultCache;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Glimpse's change detection and DeepMon's feature cache on the static and busy presets: each gate's threshold is
/// calibrated on a held-out stream of the same preset for at most <see cref="StreamsBenchOptions.MaxDrop"/> accuracy
/// lost, then replayed on the evaluated stream against answering every frame.
/// </summary>
public static class ChangeDetectionStudy
{
    public const string Glimpse = "change detection (Glimpse)";
    public const string DeepMon = "feature cache (DeepMon)";

    public static IReadOnlyList<ChangeDetectionRow> Run(StreamsBenchOptions options, StreamFrames frames, OnnxBatchRunner runner)
    {
        var rows = new List<ChangeDetectionRow>();
        foreach (var preset in new[] { StreamPreset.Static, StreamPreset.Busy })
        {
            var held = frames.Calibration(preset, options.Frames, options.Seed);
            var evaluated = frames.Evaluation(preset, options.Frames, options.Seed);
            var (heldPixels, heldAnswers) = (held.Pixels(), StreamFrames.Answers(runner, held));
            var (pixels, answers) = (evaluated.Pixels(), StreamFrames.Answers(runner, evaluated));
            foreach (var (name, gateAt) in Gates())
            {
                var calibration = ReuseCalibrator.Calibrate(gateAt, heldPixels, heldAnswers, held.Labels(), options.MaxDrop);
                var outcome = ReuseReplay.Run(gateAt(calibration.Threshold), pixels, answers, evaluated.Labels());
                rows.Add(new ChangeDetectionRow(preset.Name, name, calibration.Threshold, outcome.Frames, outcome.OffloadedFraction,
                    outcome.Accuracy, outcome.AccuracyEveryFrame, outcome.UplinkBytes, outcome.UplinkBytesSaved,
                    calibration.Outcome.AccuracyEveryFrame - calibration.Outcome.Accuracy));
            }
        }
        return rows;
    }

    private static IEnumerable<(string, Func<double, IReuseGate>)> Gates() =>
    [
        (Glimpse, t => new ChangeDetector(t)),
        (DeepMon, d => new FeatureCache(d)),
    ];
}
