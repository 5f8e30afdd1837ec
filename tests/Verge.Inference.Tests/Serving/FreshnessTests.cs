using Microsoft.Extensions.Time.Testing;
using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Freshness;
using Verge.Inference.Serving.Scheduling.Queueing;

namespace Verge.Inference.Tests.Serving;

public sealed class FreshnessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PendingRequest Frame(long id, string stream, long sequence) =>
        new() { Id = id, Arrival = T0.AddMilliseconds(id), StreamId = stream, Sequence = sequence };

    [Fact]
    public void A_newer_frame_replaces_its_streams_queued_older_frame_and_an_older_one_is_refused()
    {
        var q = new QueuePolicy(new QueueOptions(MaxSize: 2));
        var a1 = Frame(1, "cam-a", 1);
        var b1 = Frame(2, "cam-b", 1);
        Assert.True(q.Enqueue(a1).Accepted);
        Assert.True(q.Enqueue(b1).Accepted);

        var a2 = Frame(3, "cam-a", 2);
        var outcome = q.Enqueue(a2);                  // the queue is full, but the replaced frame frees its place
        Assert.True(outcome.Accepted);
        Assert.Same(a1, outcome.Replaced);
        Assert.Equal([2, 3], q.InOrder().Select(r => r.Id));

        Assert.Equal(RejectReason.Stale, q.Enqueue(Frame(4, "cam-a", 1)).Rejection);
        Assert.Equal(2, q.Count);
    }

    [Fact]
    public void Without_latest_only_every_frame_queues()
    {
        var q = new QueuePolicy(QueueOptions.Default, SchedulingPolicy.Fifo);
        for (int i = 1; i <= 3; i++) Assert.True(q.Enqueue(Frame(i, "cam", i)).Accepted);
        Assert.Equal(3, q.Count);
    }

    [Fact]
    public void Age_of_information_counts_from_the_capture_of_the_freshest_answered_frame()
    {
        var clock = new FakeTimeProvider(T0);
        var aoi = new StreamFreshness(clock);
        Assert.Null(aoi.AgeOfInformation("cam"));

        aoi.Answered("cam", 2, T0);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        aoi.Answered("cam", 1, T0.AddMilliseconds(30));   // an older frame answered late does not freshen the stream
        Assert.Equal(TimeSpan.FromMilliseconds(40), aoi.AgeOfInformation("cam"));

        aoi.Answered("cam", 3, T0.AddMilliseconds(35));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(15), aoi.AgeOfInformation("cam"));
        Assert.Equal([new StreamAge("cam", 3, TimeSpan.FromMilliseconds(15))], aoi.Snapshot());
    }
}
