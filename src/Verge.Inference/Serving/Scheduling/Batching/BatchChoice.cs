namespace Verge.Inference.Serving.Scheduling.Batching;

/// <summary>
/// Choosing a batch as a pure function, after Triton's dynamic batcher (<c>dynamic_batch_scheduler.cc</c>): gather
/// queued requests in serving order up to the largest preferred size (else <c>max_batch_size</c>) rows; send at once
/// when that is reached or the next request does not fit; otherwise wait, at most until the oldest gathered request has waited
/// <c>max_queue_delay</c>, and then send everything gathered. A smaller preferred size never triggers an early send:
/// sending whatever preferred size the queue happens to hold degrades to the smallest batch under light load.
/// The wait is also cut short when the nearest deadline, less the batch's predicted compute time, comes sooner.
/// </summary>
public static class BatchChoice
{
    /// <param name="queued">Queued requests in serving order.</param>
    /// <param name="now">The scheduler's clock.</param>
    /// <param name="limits">The model's batch limits.</param>
    /// <param name="nearestDeadline">The earliest deadline in the queue, if any.</param>
    /// <param name="computeTime">Predicted compute time of a batch of so many rows; none for zero.</param>
    public static BatchDecision Choose(IReadOnlyList<PendingRequest> queued, DateTimeOffset now, BatchLimits limits,
        DateTimeOffset? nearestDeadline = null, Func<int, TimeSpan>? computeTime = null)
    {
        if (queued.Count == 0) return BatchDecision.Idle;
        if (!limits.Combines) return BatchDecision.Send(1);

        var dynamic = limits.Dynamic!;
        int largestPreferred = 0;
        foreach (var p in dynamic.PreferredBatchSizes)
            if (p <= limits.MaxBatchSize && p > largestPreferred) largestPreferred = p;

        // Gathering stops at the largest preferred size (else the batch limit); a batch that cannot grow goes now.
        int cap = largestPreferred > 0 ? largestPreferred : limits.MaxBatchSize;
        int rows = 0, count = 0;
        bool full = false;
        var oldest = DateTimeOffset.MaxValue;
        foreach (var r in queued)
        {
            if (count > 0 && rows + r.Rows > cap)
            {
                full = true;
                break;
            }
            rows += r.Rows;
            count++;
            if (r.Arrival < oldest) oldest = r.Arrival;
        }
        if (full || rows >= cap) return BatchDecision.Send(count);

        var sendBy = oldest + dynamic.MaxQueueDelay;
        if (nearestDeadline is { } deadline)
        {
            var latest = deadline - (computeTime?.Invoke(rows) ?? TimeSpan.Zero);
            if (latest < sendBy) sendBy = latest;
        }
        return sendBy <= now ? BatchDecision.Send(count) : BatchDecision.WaitFor(sendBy - now);
    }
}
