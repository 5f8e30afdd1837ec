namespace Verge.Inference.Serving.Scheduling.Queueing;

/// <summary>
/// A model's queue, built once from its <see cref="QueueOptions"/>: one <see cref="PriorityLevelQueue"/> per level,
/// each knowing its timeouts, delayed and rejected requests (the shape of Triton's <c>PriorityQueue</c> and
/// <c>PolicyQueue</c>), plus latest-only streams: a newer frame of a stream replaces the stream's queued older one.
/// <see cref="SchedulingPolicy"/> switches earliest deadline first and latest-only off. Not thread-safe; its owner locks.
/// </summary>
public sealed class QueuePolicy
{
    private readonly PriorityLevelQueue[] levels;
    private readonly Dictionary<string, PendingRequest> queuedFrame = new(StringComparer.Ordinal);

    private readonly bool latestOnly;

    public QueuePolicy(QueueOptions options, SchedulingPolicy? policy = null)
    {
        policy ??= SchedulingPolicy.Default;
        latestOnly = policy.LatestOnly;
        if (options.PriorityLevels < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one priority level");
        if (options.DefaultPriorityLevel < 1 || options.DefaultPriorityLevel > options.PriorityLevels)
            throw new ArgumentOutOfRangeException(nameof(options), "the default priority level must be one of the levels");
        Options = options;
        levels = new PriorityLevelQueue[options.PriorityLevels];
        for (int i = 0; i < levels.Length; i++) levels[i] = new PriorityLevelQueue(policy.EarliestDeadlineFirst);
    }

    public QueueOptions Options { get; }

    public int Count => levels.Sum(l => l.Count);

    public int Rows => levels.Sum(l => l.Rows);

    /// <summary>
    /// Settles the request's level and deadline, then queues it, unless its level is full or its stream already
    /// has a newer frame queued. A queued older frame of the same stream is taken out and returned as replaced.
    /// </summary>
    public EnqueueOutcome Enqueue(PendingRequest r)
    {
        Settle(r);
        PendingRequest? replaced = null;
        if (latestOnly && r.StreamId is { } stream && queuedFrame.TryGetValue(stream, out var older))
        {
            if (older.Sequence >= r.Sequence) return EnqueueOutcome.Reject(RejectReason.Stale);
            replaced = older;
        }
        var level = levels[r.Priority - 1];
        bool freesRoom = replaced is not null && replaced.Priority == r.Priority;
        if (Options.MaxSize > 0 && level.Count - (freesRoom ? 1 : 0) >= Options.MaxSize)
            return EnqueueOutcome.Reject(RejectReason.QueueFull);
        if (replaced is not null) Remove(replaced);
        level.Add(r);
        if (latestOnly && r.StreamId is { } s) queuedFrame[s] = r;
        return EnqueueOutcome.Accept(replaced);
    }

    /// <summary>The level (default when 0) and the deadline: the default timeout, which a request may only shorten.</summary>
    public void Settle(PendingRequest r)
    {
        if (r.Priority == 0) r.Priority = Options.DefaultPriorityLevel;
        if (r.Priority < 1 || r.Priority > levels.Length)
            throw new ArgumentOutOfRangeException(nameof(r), $"priority {r.Priority} is not one of the levels 1..{levels.Length}");
        DateTimeOffset? byDefault = Options.DefaultTimeout is { } t ? r.Arrival + t : null;
        var asked = Options.AllowTimeoutOverride ? r.RequestedDeadline : null;
        r.Deadline = (byDefault, asked) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
    }

    public bool Remove(PendingRequest r)
    {
        if (r.Priority < 1 || r.Priority > levels.Length || !levels[r.Priority - 1].Remove(r)) return false;
        if (r.StreamId is { } s && queuedFrame.TryGetValue(s, out var q) && ReferenceEquals(q, r)) queuedFrame.Remove(s);
        return true;
    }

    /// <summary>Applies the timeout action at <paramref name="now"/>; requests rejected for it are added to <paramref name="rejected"/>.</summary>
    public void Expire(DateTimeOffset now, List<PendingRequest> rejected)
    {
        int before = rejected.Count;
        foreach (var level in levels) level.Expire(now, Options.TimeoutAction, rejected);
        for (int i = before; i < rejected.Count; i++)
            if (rejected[i].StreamId is { } s && queuedFrame.TryGetValue(s, out var q) && ReferenceEquals(q, rejected[i]))
                queuedFrame.Remove(s);
    }

    /// <summary>Every queued request in serving order: level 1 first; within a level earliest deadline first, delayed last.</summary>
    public IEnumerable<PendingRequest> InOrder() => levels.SelectMany(l => l.InOrder());

    /// <summary>The earliest deadline among requests still in time, when the next timeout falls.</summary>
    public DateTimeOffset? NearestDeadline()
    {
        DateTimeOffset? nearest = null;
        foreach (var l in levels)
            if (l.NearestDeadline is { } d && (nearest is null || d < nearest)) nearest = d;
        return nearest;
    }

    /// <summary>Rows that would be served before a request settled at <paramref name="r"/>'s level and deadline.</summary>
    public int RowsAheadOf(PendingRequest r)
    {
        Settle(r);
        int rows = 0;
        for (int i = 0; i < r.Priority - 1; i++) rows += levels[i].Rows;
        return rows + levels[r.Priority - 1].RowsBefore(r.Deadline);
    }
}
