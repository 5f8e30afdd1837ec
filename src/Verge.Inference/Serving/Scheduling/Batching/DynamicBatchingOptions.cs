namespace Verge.Inference.Serving.Scheduling.Batching;

/// <summary>Triton's <c>dynamic_batching</c> section: how long a request may wait for others, and the batch sizes worth waiting for.</summary>
public sealed record DynamicBatchingOptions(TimeSpan MaxQueueDelay, IReadOnlyList<int> PreferredBatchSizes)
{
    public static DynamicBatchingOptions Immediate { get; } = new(TimeSpan.Zero, []);
}
