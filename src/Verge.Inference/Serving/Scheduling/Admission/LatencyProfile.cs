namespace Verge.Inference.Serving.Scheduling.Admission;

/// <summary>
/// How long one run of a model takes at each batch size (index 0 is batch 1), measured when the model loads.
/// Beyond the largest measured size the time grows in proportion to the rows.
/// </summary>
public sealed record LatencyProfile(IReadOnlyList<TimeSpan> PerBatchSize)
{
    public static LatencyProfile Constant(TimeSpan perRun, int maxBatchSize = 1) =>
        new(Enumerable.Repeat(perRun, Math.Max(1, maxBatchSize)).ToArray());

    public int MaxMeasured => PerBatchSize.Count;

    public TimeSpan Predict(int rows)
    {
        if (PerBatchSize.Count == 0) return TimeSpan.Zero;
        rows = Math.Max(1, rows);
        if (rows <= PerBatchSize.Count) return PerBatchSize[rows - 1];
        return PerBatchSize[^1] * ((double)rows / PerBatchSize.Count);
    }
}
