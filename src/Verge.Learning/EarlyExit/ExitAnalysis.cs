using Verge.Inference.Graph;
using Verge.Learning.Data;

namespace Verge.Learning.EarlyExit;

/// <summary>
/// The whole early-exit study of one ONNX model: thresholds calibrated on a held-out slice of the training set
/// for a target accuracy, then that policy and a sweep of thresholds evaluated on the test set.
/// </summary>
public static class ExitAnalysis
{
    /// <summary>
    /// How far below the final exit's held-out accuracy the default target lies. Zero: on Fashion-MNIST the test
    /// set is harder than a slice of the training set, and thresholds calibrated with 0.5 points of slack lost
    /// 1.6 points on the test set (branchy-lenet5), while no slack lost 0.6 there.
    /// </summary>
    public const double DefaultTolerance = 0;

    /// <summary>The held-out slice: the last 5 000 training images (branchy training leaves them out).</summary>
    public const int DefaultCalibrationSamples = 5000;

    public sealed record Result(string Model, ConfidenceMeasure Measure, IReadOnlyList<string> Exits, IReadOnlyList<long> ExitMacs, long FullMacs,
        int CalibrationSamples, int TestSamples, IReadOnlyList<double> ExitAccuracies, double TargetAccuracy,
        ExitEvaluation Calibrated, IReadOnlyList<ExitEvaluation> Sweep);

    /// <summary>The last <paramref name="count"/> training samples: the held-out slice thresholds are calibrated on.</summary>
    public static ImageDataset CalibrationSlice(ImageDataset train, int count)
    {
        count = Math.Clamp(count, 1, train.Count);
        return train.Subset(Enumerable.Range(train.Count - count, count).ToArray());
    }

    public static Result Run(string modelPath, ImageDataset calibration, ImageDataset test, ConfidenceMeasure measure,
        double? targetAccuracy = null, int threads = 2, CancellationToken ct = default)
    {
        var costs = ExitCosts.FromGraph(ModelGraph.Load(modelPath));
        var held = OnnxExitRunner.Run(modelPath, calibration, measure, threads, ct: ct);
        var outcomes = OnnxExitRunner.Run(modelPath, test, measure, threads, ct: ct);
        double target = targetAccuracy ?? held.ExitAccuracy(held.Exits - 1) - DefaultTolerance;
        var policy = ExitCalibrator.Calibrate(held, costs, target);
        return new Result(modelPath, measure, costs.Exits, costs.Macs, costs.FullMacs, held.Samples, outcomes.Samples,
            Enumerable.Range(0, outcomes.Exits).Select(outcomes.ExitAccuracy).ToArray(), target,
            ExitCalibrator.Evaluate(outcomes, policy, costs), ExitCalibrator.Sweep(outcomes, costs));
    }
}
