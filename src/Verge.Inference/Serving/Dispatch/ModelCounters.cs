using Verge.Inference.Serving.Scheduling;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// What happened to one model version's requests, as plain counters the metrics layer reads (the dispatcher never
/// touches a metrics library): requests, answers, failures, rejections by reason, queue and compute time, how often
/// the model ran at each batch size, and the queue depth now. Thread-safe.
/// </summary>
public sealed class ModelCounters(string model, long version, int maxBatchSize)
{
    private readonly long[] runsByBatchSize = new long[Math.Max(1, maxBatchSize) + 1];
    private readonly long[] rejections = new long[Enum.GetValues<RejectReason>().Length];
    private long requests, answered, failures, overflowRuns;
    private int queueDepth;

    public string Model { get; } = model;
    public long Version { get; } = version;
    public TimeHistogram QueueTime { get; } = new();
    public TimeHistogram ComputeTime { get; } = new();

    public long Requests => Interlocked.Read(ref requests);
    public long Answered => Interlocked.Read(ref answered);
    public long Failures => Interlocked.Read(ref failures);
    public long Rejections => rejections.Sum();
    public long RejectionsFor(RejectReason reason) => Interlocked.Read(ref rejections[(int)reason]);
    public int QueueDepth => Volatile.Read(ref queueDepth);

    /// <summary>Runs of the model by batch size in rows (index = rows; index 0 unused).</summary>
    public long[] RunsByBatchSize() => (long[])runsByBatchSize.Clone();

    /// <summary>Runs with more rows than max_batch_size: unbatched models given a client batch.</summary>
    public long OversizeRuns => Interlocked.Read(ref overflowRuns);

    public long Runs => RunsByBatchSize().Sum() + OversizeRuns;

    internal void Request() => Interlocked.Increment(ref requests);
    internal void Answer() => Interlocked.Increment(ref answered);
    internal void Fail(int n = 1) => Interlocked.Add(ref failures, n);
    internal void Reject(RejectReason reason) => Interlocked.Increment(ref rejections[(int)reason]);
    internal void SetQueueDepth(int depth) => Volatile.Write(ref queueDepth, depth);

    internal void Ran(int rows)
    {
        if (rows < runsByBatchSize.Length) Interlocked.Increment(ref runsByBatchSize[rows]);
        else Interlocked.Increment(ref overflowRuns);
    }
}
