using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Queueing;

namespace Verge.Inference.Tests.Serving;

public sealed class QueuePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long ids;

    private PendingRequest Request(double arrivalMs = 0, double? deadlineMs = null, int priority = 0, string? stream = null, long sequence = 0) => new()
    {
        Id = ++ids, Arrival = T0.AddMilliseconds(arrivalMs), RequestedDeadline = deadlineMs is { } d ? T0.AddMilliseconds(d) : null,
        Priority = priority, StreamId = stream, Sequence = sequence,
    };

    private static List<long> Order(QueuePolicy q) => q.InOrder().Select(r => r.Id).ToList();

    [Fact]
    public void Serves_earliest_deadline_first_within_a_priority_and_higher_priorities_first()
    {
        var q = new QueuePolicy(new QueueOptions(PriorityLevels: 2, DefaultPriorityLevel: 2));
        var late = Request(0, 50);                  // 1
        var none = Request(1);                      // 2: no deadline, after every deadline
        var early = Request(2, 20);                 // 3
        var urgent = Request(3, 90, priority: 1);   // 4: a higher level beats any deadline
        var tie = Request(4, 20);                   // 5: equal deadline, later arrival
        foreach (var r in new[] { late, none, early, urgent, tie }) Assert.True(q.Enqueue(r).Accepted);
        Assert.Equal([4, 3, 5, 1, 2], Order(q));
        Assert.Equal(3, q.RowsAheadOf(Request(5, 40)));    // urgent, early, tie come before a deadline of 40
    }

    [Fact]
    public void Fifo_keeps_arrival_order_whatever_the_deadlines()
    {
        var q = new QueuePolicy(QueueOptions.Default, SchedulingPolicy.Fifo);
        foreach (var d in new double[] { 50, 10, 30 }) q.Enqueue(Request(ids, d));
        Assert.Equal([1, 2, 3], Order(q));
    }

    [Fact]
    public void A_request_may_only_shorten_the_default_timeout()
    {
        var q = new QueuePolicy(new QueueOptions(DefaultTimeout: TimeSpan.FromMilliseconds(100)));
        var shorter = Request(0, 30);
        var longer = Request(0, 500);
        var without = Request(0);
        q.Enqueue(shorter);
        q.Enqueue(longer);
        q.Enqueue(without);
        Assert.Equal(T0.AddMilliseconds(30), shorter.Deadline);
        Assert.Equal(T0.AddMilliseconds(100), longer.Deadline);
        Assert.Equal(T0.AddMilliseconds(100), without.Deadline);

        var fixedTimeout = new QueuePolicy(new QueueOptions(DefaultTimeout: TimeSpan.FromMilliseconds(100), AllowTimeoutOverride: false));
        var ignored = Request(0, 30);
        fixedTimeout.Enqueue(ignored);
        Assert.Equal(T0.AddMilliseconds(100), ignored.Deadline);
    }

    [Fact]
    public void Reject_action_takes_expired_requests_out()
    {
        var q = new QueuePolicy(new QueueOptions(TimeoutAction: TimeoutAction.Reject));
        q.Enqueue(Request(0, 10));
        q.Enqueue(Request(0, 20));
        q.Enqueue(Request(0));
        var rejected = new List<PendingRequest>();
        q.Expire(T0.AddMilliseconds(10), rejected);
        Assert.Equal([1], rejected.Select(r => r.Id));
        Assert.Equal([2, 3], Order(q));
        Assert.Equal(T0.AddMilliseconds(20), q.NearestDeadline());
    }

    [Fact]
    public void Delay_action_keeps_expired_requests_behind_those_in_time()
    {
        var q = new QueuePolicy(new QueueOptions(TimeoutAction: TimeoutAction.Delay));
        q.Enqueue(Request(0, 10));
        q.Enqueue(Request(1, 20));
        q.Enqueue(Request(2));
        var rejected = new List<PendingRequest>();
        q.Expire(T0.AddMilliseconds(15), rejected);
        Assert.Empty(rejected);
        Assert.Equal([2, 3, 1], Order(q));
        Assert.True(q.InOrder().Last().Delayed);
        Assert.Equal(3, q.Count);
    }

    [Fact]
    public void A_full_level_rejects_while_another_level_still_takes_requests()
    {
        var q = new QueuePolicy(new QueueOptions(PriorityLevels: 2, MaxSize: 2));
        Assert.True(q.Enqueue(Request(priority: 1)).Accepted);
        Assert.True(q.Enqueue(Request(priority: 1)).Accepted);
        Assert.Equal(RejectReason.QueueFull, q.Enqueue(Request(priority: 1)).Rejection);
        Assert.True(q.Enqueue(Request(priority: 2)).Accepted);
        Assert.Equal(3, q.Count);
    }
}
