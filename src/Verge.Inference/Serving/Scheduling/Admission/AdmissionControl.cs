namespace Verge.Inference.Serving.Scheduling.Admission;

/// <summary>
/// Refuses at once a request that its model's latency profile predicts cannot finish before its deadline, rather
/// than queueing it to miss anyway and delay the others (deadline-aware admission, as in Clipper and Nexus).
/// The prediction: the rows served before it, plus its own, go in full batches over the free instances, after the
/// batches already running; the request finishes with the last wave.
/// </summary>
public static class AdmissionControl
{
    /// <param name="rowsAhead">Rows queued that will be served before this request.</param>
    /// <param name="rows">The request's own rows.</param>
    /// <param name="busyInstances">Instances running a batch now.</param>
    public static TimeSpan PredictLatency(LatencyProfile profile, int maxBatchSize, int instances, int rowsAhead, int rows, int busyInstances = 0)
    {
        int perBatch = Math.Max(1, maxBatchSize);
        int total = rowsAhead + rows;
        int batches = (total + perBatch - 1) / perBatch;
        int lastBatch = total - (batches - 1) * perBatch;
        int waves = (batches + busyInstances + Math.Max(1, instances) - 1) / Math.Max(1, instances);
        return profile.Predict(perBatch) * (waves - 1) + profile.Predict(lastBatch);
    }

    /// <summary>Whether the request can make its deadline; one without a deadline always can.</summary>
    public static bool Admits(DateTimeOffset now, DateTimeOffset? deadline, TimeSpan predictedLatency) =>
        deadline is not { } d || now + predictedLatency <= d;
}
