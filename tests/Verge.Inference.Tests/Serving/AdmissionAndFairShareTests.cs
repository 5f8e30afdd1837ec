using Verge.Inference.Serving.Scheduling.Admission;
using Verge.Inference.Serving.Scheduling.FairShare;

namespace Verge.Inference.Tests.Serving;

public sealed class AdmissionAndFairShareTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 2 ms for one row, 2 ms more per extra row: batch of 8 takes 16 ms.
    private static readonly LatencyProfile Linear = new(Enumerable.Range(1, 8).Select(b => TimeSpan.FromMilliseconds(2 * b)).ToArray());

    [Theory]
    [InlineData(0, 1, 0, 2)]      // alone: one run of 1 row
    [InlineData(3, 1, 0, 8)]      // 3 ahead: one run of 4 rows
    [InlineData(10, 1, 0, 22)]    // a full batch of 8 (16 ms), then 3 rows (6 ms)
    [InlineData(10, 1, 1, 22)]    // the busy instance: full batch + 3-row batch over 2 instances, plus one wave for the busy one
    public void Predicts_full_batches_over_instances(int ahead, int rows, int busy, double expectedMs)
    {
        int instances = busy == 0 ? 1 : 2;
        var predicted = AdmissionControl.PredictLatency(Linear, 8, instances, ahead, rows, busy);
        Assert.Equal(expectedMs, predicted.TotalMilliseconds, 6);
    }

    [Fact]
    public void Refuses_a_request_whose_deadline_cannot_be_met()
    {
        var predicted = AdmissionControl.PredictLatency(Linear, 8, 1, rowsAhead: 20, rows: 1);   // 16 + 16 + 10 ms
        Assert.Equal(42, predicted.TotalMilliseconds, 6);
        Assert.False(AdmissionControl.Admits(T0, T0.AddMilliseconds(30), predicted));
        Assert.True(AdmissionControl.Admits(T0, T0.AddMilliseconds(50), predicted));
        Assert.True(AdmissionControl.Admits(T0, null, predicted));
    }

    [Fact]
    public void Admission_predicts_at_the_speed_batches_run_now()
    {
        var drift = new ProfileDrift();
        Assert.Equal(1, drift.Factor);
        var predicted = AdmissionControl.PredictLatency(Linear, 8, 1, rowsAhead: 3, rows: 1);   // 8 ms at the profile's speed
        Assert.True(AdmissionControl.Admits(T0, T0.AddMilliseconds(12), drift.Scale(predicted)));

        // Batches now take twice the profile (the box is shared): the same request would finish in 16 ms, past 12.
        for (int i = 0; i < 200; i++) drift.Observe(TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(8));
        Assert.Equal(2, drift.Factor, 2);
        Assert.False(AdmissionControl.Admits(T0, T0.AddMilliseconds(12), drift.Scale(predicted)));
    }

    [Fact]
    public void A_jittery_speed_is_predicted_near_its_slow_end()
    {
        var drift = new ProfileDrift();
        for (int i = 0; i < 200; i++) drift.Observe(TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(i % 2 == 0 ? 4 : 12));
        Assert.True(drift.Factor > 3, $"factor {drift.Factor}: batches take 1× or 3× the profile; admission must not predict their mean, 2×");
        drift.Observe(TimeSpan.FromMilliseconds(4), TimeSpan.Zero);   // a clock that did not move says nothing
        Assert.True(drift.Factor > 3);
    }

    [Fact]
    public void Shares_compute_between_models_by_weight()
    {
        var share = new WeightedFairShare();
        var served = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        var weights = new Dictionary<string, double> { ["a"] = 3, ["b"] = 1 };
        for (int i = 0; i < 400; i++)
        {
            var pick = new[] { "a", "b" }[share.Pick(["a", "b"])];
            served[pick]++;
            share.Charge(pick, weights[pick], cost: 1);
        }
        Assert.InRange(served["a"], 299, 301);
    }

    [Fact]
    public void A_model_that_was_idle_earns_no_burst()
    {
        var share = new WeightedFairShare();
        for (int i = 0; i < 100; i++)
        {
            share.Pick(["a"]);
            share.Charge("a", 1, 1);
        }
        int b = 0;
        for (int i = 0; i < 20; i++)
        {
            var pick = new[] { "a", "b" }[share.Pick(["a", "b"])];
            if (pick == "b") b++;
            share.Charge(pick, 1, 1);
        }
        Assert.InRange(b, 9, 11);
    }
}
