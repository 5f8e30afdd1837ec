namespace Verge.Inference.Serving.Streams;

/// <summary>
/// Picks a gate's threshold on held-out frames, as the exits' thresholds are picked: the largest threshold (the
/// fewest frames sent) whose accuracy stays within <c>maxDrop</c> of answering every frame. Candidates are the
/// quantiles of the frame-to-frame distances the gate measures on those frames, so the grid follows the scene.
/// </summary>
public static class ReuseCalibrator
{
    public static ReuseCalibration Calibrate(Func<double, IReuseGate> gateAt, ReadOnlySpan<float> pixels, IReadOnlyList<int> answers,
        IReadOnlyList<int> labels, double maxDrop, int candidates = 48)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDrop);
        var distances = ConsecutiveDistances(gateAt, pixels, answers.Count);
        Array.Sort(distances);
        var grid = new SortedSet<double> { 0 };
        for (int q = 1; q <= candidates && distances.Length > 0; q++)
            grid.Add(distances[Math.Min(distances.Length - 1, (int)((double)q / candidates * (distances.Length - 1)))]);
        ReuseCalibration? best = null;
        foreach (var threshold in grid)
        {
            var outcome = ReuseReplay.Run(gateAt(threshold), pixels, answers, labels);
            if (outcome.Accuracy >= outcome.AccuracyEveryFrame - maxDrop - 1e-12 &&
                (best is null || outcome.OffloadedFraction <= best.Outcome.OffloadedFraction))
                best = new ReuseCalibration(threshold, outcome);
        }
        return best ?? new ReuseCalibration(0, ReuseReplay.Run(gateAt(0), pixels, answers, labels));
    }

    private static double[] ConsecutiveDistances(Func<double, IReuseGate> gateAt, ReadOnlySpan<float> pixels, int frames)
    {
        if (frames < 2) return [];
        int size = pixels.Length / frames;
        var gate = gateAt(0);
        var distances = new double[frames - 1];
        gate.Refresh(pixels[..size]);
        for (int i = 1; i < frames; i++)
        {
            var frame = pixels.Slice(i * size, size);
            distances[i - 1] = gate.Distance(frame);
            gate.Refresh(frame);
        }
        return distances;
    }
}
