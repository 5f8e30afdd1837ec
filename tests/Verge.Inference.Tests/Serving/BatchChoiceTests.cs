using Verge.Inference.Serving.Scheduling;
using Verge.Inference.Serving.Scheduling.Batching;

namespace Verge.Inference.Tests.Serving;

public sealed class BatchChoiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Requests arrived at these ms after T0 (one row each unless given as rows@ms), decided at <c>nowMs</c>.</summary>
    private static BatchDecision Decide(string arrivals, double nowMs, int maxBatch, int[]? preferred, double delayMs = 10, double? deadlineMs = null, double computeMs = 0)
    {
        var queued = arrivals.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((a, i) =>
        {
            var parts = a.Split('@');
            int rows = parts.Length == 2 ? int.Parse(parts[0]) : 1;
            return new PendingRequest { Id = i, Rows = rows, Arrival = T0.AddMilliseconds(double.Parse(parts[^1])) };
        }).ToList();
        var limits = new BatchLimits(maxBatch, preferred is null ? null : new DynamicBatchingOptions(TimeSpan.FromMilliseconds(delayMs), preferred));
        DateTimeOffset? deadline = deadlineMs is { } d ? T0.AddMilliseconds(d) : null;
        return BatchChoice.Choose(queued, T0.AddMilliseconds(nowMs), limits, deadline, _ => TimeSpan.FromMilliseconds(computeMs));
    }

    [Theory]
    // queued arrivals (ms) | now | max | preferred ("-" = no dynamic_batching) | expected
    [InlineData("", 0, 8, "4,8", "idle")]
    [InlineData("0 0 0", 0, 8, "-", "send 1")]            // no dynamic_batching section: never combined
    [InlineData("0 0 0", 0, 0, "4", "send 1")]            // max_batch_size 0: unbatched
    [InlineData("0 1 2", 3, 8, "", "wait 7 ms")]          // gather until the oldest has waited the queue delay
    [InlineData("0 1 2", 10, 8, "", "send 3")]            // delay over: send all gathered
    [InlineData("0 0 0 0 0 0 0 0 0 0", 0, 8, "", "send 8")]   // full batch goes at once, the rest waits
    [InlineData("0 1 2", 3, 8, "2,4", "wait 7 ms")]       // 2 is preferred but smaller than 4: keep waiting (the pitfall)
    [InlineData("0 1 2 3", 3, 8, "2,4", "send 4")]        // largest preferred reached: send now
    [InlineData("0 1 2", 12, 8, "2,4", "send 3")]         // delay over with no preferred size met exactly: send what there is
    [InlineData("0 1 3@2", 3, 8, "4", "send 2")]          // a 3-row request would pass the largest preferred size: send the 2 rows now
    [InlineData("5@0 4@1", 1, 8, "", "send 1")]           // 5 rows, and 4 more would exceed max 8: the batch cannot grow, send it
    [InlineData("5@0", 1, 8, "", "wait 9 ms")]            // 5 rows may still grow to 8
    public void Chooses_like_tritons_dynamic_batcher(string arrivals, double nowMs, int maxBatch, string preferred, string expected)
    {
        int[]? sizes = preferred == "-" ? null : preferred.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.Equal(expected, Decide(arrivals, nowMs, maxBatch, sizes).ToString());
    }

    [Fact]
    public void A_deadline_cuts_the_wait_short_by_the_predicted_compute_time()
    {
        Assert.Equal("wait 4 ms", Decide("0 1", 1, 8, [], delayMs: 10, deadlineMs: 7, computeMs: 2).ToString());
        Assert.Equal("send 2", Decide("0 1", 5, 8, [], delayMs: 10, deadlineMs: 7, computeMs: 2).ToString());
    }

    [Fact]
    public void Zero_queue_delay_sends_whatever_is_queued()
    {
        Assert.Equal("send 3", Decide("0 0 0", 0, 8, [], delayMs: 0).ToString());
    }
}
