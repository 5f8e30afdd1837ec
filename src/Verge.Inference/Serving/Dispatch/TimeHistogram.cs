namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// Counts of durations in fixed buckets (upper bounds 50 µs to 10 s, as Prometheus histograms keep them), their
/// count and sum. Plain data for the metrics layer to read; thread-safe.
/// </summary>
public sealed class TimeHistogram
{
    /// <summary>Upper bounds in seconds; a last, unbounded bucket follows.</summary>
    public static IReadOnlyList<double> Bounds { get; } =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] buckets = new long[Bounds.Count + 1];
    private long count;
    private long sumTicks;

    public void Record(TimeSpan t)
    {
        double s = t.TotalSeconds;
        int i = 0;
        while (i < Bounds.Count && s > Bounds[i]) i++;
        Interlocked.Increment(ref buckets[i]);
        Interlocked.Increment(ref count);
        Interlocked.Add(ref sumTicks, t.Ticks);
    }

    public long Count => Interlocked.Read(ref count);

    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref sumTicks));

    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Sum / Count;

    /// <summary>Per-bucket counts (not cumulative), the last one above every bound.</summary>
    public long[] Buckets() => (long[])buckets.Clone();
}
