namespace Verge.Inference.Serving.Scheduling.Queueing;

/// <summary>
/// The requests of one priority level: those still in time, earliest deadline first (arrival order among equal
/// deadlines and among requests without one, which come last), then those delayed past their deadline, in the
/// order they expired. With <paramref name="earliestDeadlineFirst"/> off, in-time requests keep arrival order
/// (FIFO). Not thread-safe; its owner locks.
/// </summary>
public sealed class PriorityLevelQueue(bool earliestDeadlineFirst = true)
{
    private readonly SortedSet<PendingRequest> inTime = new(earliestDeadlineFirst ? EarliestDeadlineFirst.Instance : ArrivalOrder.Instance);
    private readonly List<PendingRequest> delayed = [];

    public int Count => inTime.Count + delayed.Count;

    public int Rows { get; private set; }

    /// <summary>In serving order: in-time requests by deadline, then delayed ones.</summary>
    public IEnumerable<PendingRequest> InOrder() => inTime.Concat(delayed);

    /// <summary>The earliest deadline among requests still in time.</summary>
    public DateTimeOffset? NearestDeadline => earliestDeadlineFirst
        ? (inTime.Count > 0 ? inTime.Min!.Deadline : null)
        : inTime.Where(r => r.Deadline is not null).Select(r => r.Deadline).Min();

    public void Add(PendingRequest r)
    {
        inTime.Add(r);
        Rows += r.Rows;
    }

    public bool Remove(PendingRequest r)
    {
        bool removed = r.Delayed ? delayed.Remove(r) : inTime.Remove(r);
        if (removed) Rows -= r.Rows;
        return removed;
    }

    /// <summary>Applies the timeout action to every in-time request whose deadline is at or before <paramref name="now"/>.</summary>
    public void Expire(DateTimeOffset now, TimeoutAction action, List<PendingRequest> rejected)
    {
        var expired = earliestDeadlineFirst
            ? inTime.TakeWhile(r => r.Deadline is { } d && d <= now).ToList()
            : inTime.Where(r => r.Deadline is { } d && d <= now).ToList();
        foreach (var r in expired)
        {
            inTime.Remove(r);
            if (action == TimeoutAction.Delay)
            {
                r.Delayed = true;
                delayed.Add(r);
            }
            else
            {
                Rows -= r.Rows;
                rejected.Add(r);
            }
        }
    }

    /// <summary>Rows that would be served before a request of this level with <paramref name="deadline"/>.</summary>
    public int RowsBefore(DateTimeOffset? deadline)
    {
        int rows = 0;
        if (!earliestDeadlineFirst) return Rows;
        foreach (var r in inTime)
        {
            if (deadline is { } d && (r.Deadline is null || r.Deadline > d)) break;
            rows += r.Rows;
        }
        return rows;
    }

    private sealed class EarliestDeadlineFirst : IComparer<PendingRequest>
    {
        public static readonly EarliestDeadlineFirst Instance = new();

        public int Compare(PendingRequest? a, PendingRequest? b)
        {
            if (ReferenceEquals(a, b)) return 0;
            var da = a!.Deadline ?? DateTimeOffset.MaxValue;
            var db = b!.Deadline ?? DateTimeOffset.MaxValue;
            int c = da.CompareTo(db);
            if (c == 0) c = a.Arrival.CompareTo(b.Arrival);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        }
    }

    private sealed class ArrivalOrder : IComparer<PendingRequest>
    {
        public static readonly ArrivalOrder Instance = new();

        public int Compare(PendingRequest? a, PendingRequest? b)
        {
            if (ReferenceEquals(a, b)) return 0;
            int c = a!.Arrival.CompareTo(b!.Arrival);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        }
    }
}
