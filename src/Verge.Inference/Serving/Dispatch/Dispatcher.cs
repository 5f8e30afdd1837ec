using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Admission;
using Verge.Inference.Serving.Scheduling.Batching;
using Verge.Inference.Serving.Scheduling.FairShare;
using Verge.Inference.Serving.Scheduling.Freshness;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// The thread that waits and dispatches (apart from the batch choice, which is pure): one loop over every model's
/// queue that applies timeouts, asks <see cref="BatchChoice"/> what to do, hands each batch to a free instance of
/// its model, in weighted fair order when compute slots are scarce, and sleeps until the nearest wait ends or a
/// request or a finished batch wakes it. Batches run through <see cref="BatchRunner"/> on <see cref="BatchWorkers"/>' threads.
/// </summary>
public sealed class Dispatcher : IAsyncDisposable
{
    private readonly TimeProvider time;
    private readonly SchedulingPolicy policy;
    private readonly int computeSlots;
    private readonly StreamFreshness freshness;
    private readonly Dictionary<ServedModel, ModelLane> lanes = [];
    private readonly WeightedFairShare fairShare = new();
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private readonly BatchWorkers workers = new();
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int busySlots;
    private long nextId;

    /// <param name="computeSlots">Most batches running at once over all models; 0 for one per model instance.</param>
    public Dispatcher(TimeProvider time, SchedulingPolicy policy, StreamFreshness freshness, int computeSlots = 0)
    {
        this.time = time;
        this.policy = policy;
        this.freshness = freshness;
        this.computeSlots = computeSlots;
        loop = Task.Run(RunAsync);
    }

    public ModelCounters Add(ServedModel model)
    {
        lock (gate)
        {
            var lane = new ModelLane(model, policy);
            lanes.Add(model, lane);
            return lane.Counters;
        }
    }

    public ModelCounters? Counters(ServedModel model)
    {
        lock (gate) return lanes.GetValueOrDefault(model)?.Counters;
    }

    /// <summary>Takes no new requests for <paramref name="model"/>; completes once its queued and running requests are done.</summary>
    public Task DrainAsync(ServedModel model)
    {
        lock (gate)
        {
            if (!lanes.TryGetValue(model, out var lane)) return Task.CompletedTask;
            lane.Draining ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            CheckDrained(lane);
            return lane.Draining.Task;
        }
    }

    /// <summary>Queues a validated request of <paramref name="rows"/> rows; the task ends with its outputs or a <see cref="ServingException"/>.</summary>
    public Task<InferenceResult> Submit(ServedModel model, IReadOnlyList<NamedTensor> inputs, int rows, InferenceOptions options, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? deadline = options.Deadline;
        // A relative timeout starts when the server received the request (a later stamp, from a skewed clock, counts as now).
        var start = options.Received is { } received && received < now ? received : now;
        if (options.Timeout is { } t && (deadline is null || start + t < deadline)) deadline = start + t;
        var payload = new RequestPayload(inputs, BatchAssembler.ShapeKey(inputs));
        var request = new PendingRequest
        {
            Id = Interlocked.Increment(ref nextId), Rows = rows, Priority = options.Priority, Arrival = now, RequestedDeadline = deadline,
            StreamId = options.StreamId, Sequence = options.Sequence, CaptureTime = options.CaptureTime ?? now, Payload = payload,
        };
        PendingRequest? replaced = null;
        ModelLane? lane;
        lock (gate)
        {
            if (!lanes.TryGetValue(model, out lane) || lane.Draining is not null)
                throw new ServingException(ServingError.ModelNotReady, $"model '{model.Name}' version {model.Version} is unloading; retry once it is loaded again");
            int levels = lane.Queue.Options.PriorityLevels;
            if (options.Priority < 0 || options.Priority > levels)
                throw new ServingException(ServingError.InvalidInput, $"model '{model.Name}': priority {options.Priority} is not one of its levels 1..{levels} (0 for the default)");
            lane.Counters.Request();
            lane.Queue.Settle(request);
            var refusal = policy.Admission ? Admission(lane, request, now) : null;
            var outcome = refusal is null ? lane.Queue.Enqueue(request) : default;
            if (refusal is not null || !outcome.Accepted)
            {
                var reason = refusal is not null ? RejectReason.Inadmissible : outcome.Rejection!.Value;
                lane.Counters.Reject(reason);
                throw Rejections.For(lane, request, reason, refusal);
            }
            replaced = outcome.Replaced;
            if (replaced is not null) lane.Counters.Reject(RejectReason.Superseded);
            lane.Counters.SetQueueDepth(lane.Queue.Count);
            Pulse();
            if (ct.CanBeCanceled) payload.Cancellation = ct.Register(() => Cancel(lane, request));
        }
        if (replaced is not null)
            Complete(replaced, Rejections.For(lane, replaced, RejectReason.Superseded, null, request.Sequence));
        return payload.Completion.Task;
    }

    private static string? Admission(ModelLane lane, PendingRequest r, DateTimeOffset now)
    {
        var profile = lane.Model.Profile;
        if (r.Deadline is not { } deadline || profile.MaxMeasured == 0) return null;
        int perBatch = lane.Model.Batched ? lane.Model.Config.MaxBatchSize : 1;
        var predicted = lane.Drift.Scale(
            AdmissionControl.PredictLatency(profile, perBatch, lane.Model.Sessions.Count, lane.Queue.RowsAheadOf(r), r.Rows, lane.BusyInstances));
        return AdmissionControl.Admits(now, deadline, predicted) ? null
            : $"predicted latency {predicted.TotalMilliseconds:0.##} ms misses the deadline in {(deadline - now).TotalMilliseconds:0.##} ms";
    }

    private void Cancel(ModelLane lane, PendingRequest r)
    {
        bool removed;
        lock (gate)
        {
            removed = lane.Queue.Remove(r);
            if (removed)
            {
                lane.Counters.SetQueueDepth(lane.Queue.Count);
                CheckDrained(lane);
            }
        }
        if (removed) ((RequestPayload)r.Payload!).Completion.TrySetCanceled();
    }

    private void Pulse() => wake.TrySetResult();

    private void CheckDrained(ModelLane lane)
    {
        if (lane.Draining is { } d && lane.Idle)
        {
            lanes.Remove(lane.Model);
            fairShare.Forget(lane.Key);
            d.TrySetResult();
        }
    }

    private static void Complete(PendingRequest r, Exception error)
    {
        var p = (RequestPayload)r.Payload!;
        p.Cancellation.Dispose();
        p.Completion.TrySetException(error);
    }

    private async Task RunAsync()
    {
        var expired = new List<(ModelLane, PendingRequest)>();
        var batches = new List<(ModelLane Lane, List<PendingRequest> Batch, int Instance)>();
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan? sleep;
            DateTimeOffset planned;
            Task woken;
            lock (gate)
            {
                wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                woken = wake.Task;
                planned = time.GetUtcNow();
                sleep = Plan(planned, expired, batches);
            }
            foreach (var (lane, r) in expired) Complete(r, Rejections.For(lane, r, RejectReason.TimedOut, null));
            foreach (var (lane, batch, instance) in batches)
                workers.Run(() => BatchRunner.Run(lane, batch, instance, time, freshness, Finished));
            if (expired.Count > 0 || batches.Count > 0)
            {
                expired.Clear();
                batches.Clear();
                continue;
            }
            await SleepAsync(woken, sleep is { } s ? planned + s : null).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sleeps until woken or until <paramref name="wakeAt"/> on the clock. The time is checked again once the timer
    /// is set, so a clock that moved on meanwhile (a fake one advanced by a test) is not slept through.
    /// </summary>
    private async Task SleepAsync(Task woken, DateTimeOffset? wakeAt)
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        Task timer;
        if (wakeAt is { } at)
        {
            var delay = at - time.GetUtcNow();
            if (delay <= TimeSpan.Zero) return;
            timer = Task.Delay(delay, time, cut.Token);
            if (time.GetUtcNow() >= at)
            {
                await cut.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        else timer = Task.Delay(Timeout.Infinite, cut.Token);
        await Task.WhenAny(woken, timer).ConfigureAwait(false);
        await cut.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Under the lock: expires, picks batches for free instances, and says how long to sleep (null: until woken).</summary>
    private TimeSpan? Plan(DateTimeOffset now, List<(ModelLane, PendingRequest)> expired, List<(ModelLane, List<PendingRequest>, int)> batches)
    {
        var rejected = new List<PendingRequest>();
        foreach (var lane in lanes.Values)
        {
            lane.Queue.Expire(now, rejected);
            foreach (var r in rejected)
            {
                lane.Counters.Reject(RejectReason.TimedOut);
                expired.Add((lane, r));
            }
            if (rejected.Count > 0) lane.Counters.SetQueueDepth(lane.Queue.Count);
            rejected.Clear();
        }

        TimeSpan? sleep = null;
        void SleepAtMost(TimeSpan t) => sleep = sleep is { } s && s < t ? s : t;
        while (true)
        {
            var ready = new List<(ModelLane Lane, int Count)>();
            foreach (var lane in lanes.Values)
            {
                var decision = lane.Decide(now);
                if (decision.Kind == BatchDecisionKind.Wait) SleepAtMost(decision.Wait);
                else if (decision.Kind == BatchDecisionKind.Send && lane.HasFreeInstance) ready.Add((lane, decision.Count));
                if (lane.Queue.NearestDeadline() is { } d) SleepAtMost(d > now ? d - now : TimeSpan.Zero);
            }
            int slots = computeSlots > 0 ? computeSlots : int.MaxValue;
            if (ready.Count == 0 || busySlots >= slots) break;
            int pick = fairShare.Pick(ready.Select(r => r.Lane.Key).ToList());
            var (chosen, count) = ready[pick];
            var batch = chosen.Take(count);
            int rows = batch.Sum(r => r.Rows);
            double cost = chosen.Model.Profile.MaxMeasured > 0 ? chosen.Model.Profile.Predict(rows).TotalSeconds : rows;
            fairShare.Charge(chosen.Key, chosen.Model.Config.Weight, cost);
            busySlots++;
            batches.Add((chosen, batch, chosen.RentInstance()));
        }
        return sleep;
    }

    private void Finished(ModelLane lane, int instance)
    {
        lock (gate)
        {
            lane.ReturnInstance(instance);
            busySlots--;
            CheckDrained(lane);
            Pulse();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        List<(ModelLane, PendingRequest)> left;
        lock (gate) left = lanes.Values.SelectMany(l => l.Queue.InOrder().Select(r => (l, r))).ToList();
        foreach (var (lane, r) in left)
            Complete(r, new ServingException(ServingError.ModelNotReady, $"model '{lane.Model.Name}': the server stopped before the request ran"));
        while (true)
        {
            lock (gate) if (busySlots == 0) break;
            await Task.Delay(10).ConfigureAwait(false);
        }
        workers.Dispose();
        stopping.Dispose();
    }
}
