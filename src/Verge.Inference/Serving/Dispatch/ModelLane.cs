using Verge.Inference.Serving.Repository;
using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Admission;
using Verge.Inference.Serving.Scheduling.Batching;
using Verge.Inference.Serving.Scheduling.Queueing;

namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// One model version inside the dispatcher: its queue, its free instances and its counters. Every member is used
/// under the dispatcher's lock.
/// </summary>
internal sealed class ModelLane
{
    private readonly Stack<int> freeInstances;

    public ModelLane(ServedModel model, SchedulingPolicy policy)
    {
        Model = model;
        Queue = new QueuePolicy(model.Config.QueuePolicy, policy);
        Counters = new ModelCounters(model.Name, model.Version, model.Batched ? model.Config.MaxBatchSize : 1);
        freeInstances = new Stack<int>(Enumerable.Range(0, model.Sessions.Count).Reverse());
    }

    public ServedModel Model { get; }
    public QueuePolicy Queue { get; }
    public ModelCounters Counters { get; }
    /// <summary>Batches' measured time against the profile's, for admission (updated outside the lock; thread-safe).</summary>
    public ProfileDrift Drift { get; } = new();
    public string Key => $"{Model.Name}/{Model.Version}";

    public int BusyInstances => Model.Sessions.Count - freeInstances.Count;
    public bool HasFreeInstance => freeInstances.Count > 0;

    /// <summary>Set when the model unloads: no new requests; completes once the queue is empty and nothing runs.</summary>
    public TaskCompletionSource? Draining { get; set; }

    public bool Idle => Queue.Count == 0 && BusyInstances == 0;

    public BatchDecision Decide(DateTimeOffset now)
    {
        var limits = Model.Limits;
        var candidates = Queue.InOrder().Take(Math.Max(1, limits.MaxBatchSize)).ToList();
        Func<int, TimeSpan>? compute = Model.Profile.MaxMeasured > 0 ? Model.Profile.Predict : null;
        return BatchChoice.Choose(candidates, now, limits, Queue.NearestDeadline(), compute);
    }

    /// <summary>
    /// Takes the first <paramref name="count"/> queued requests off the queue, skipping any whose tensors cannot be
    /// concatenated with the first one's (a symbolic dimension past the batch that differs); they wait for the next batch.
    /// </summary>
    public List<PendingRequest> Take(int count)
    {
        var taken = new List<PendingRequest>(count);
        string? key = null;
        foreach (var r in Queue.InOrder().Take(count).ToList())
        {
            var p = (RequestPayload)r.Payload!;
            key ??= p.ShapeKey;
            if (p.ShapeKey != key) continue;
            Queue.Remove(r);
            taken.Add(r);
        }
        Counters.SetQueueDepth(Queue.Count);
        return taken;
    }

    public int RentInstance() => freeInstances.Pop();

    public void ReturnInstance(int instance) => freeInstances.Push(instance);
}
