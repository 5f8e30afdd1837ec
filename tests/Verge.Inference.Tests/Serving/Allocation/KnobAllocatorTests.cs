using Verge.Inference.Serving.Allocation;

namespace Verge.Inference.Tests.Serving.Allocation;

public sealed class KnobAllocatorTests
{
    private static StreamProfile Profile(string name, double signature, params (double Rate, double Cost, double Accuracy)[] points) =>
        new(name, points.Select(p => new KnobPoint(p.Rate, "m", p.Cost, p.Accuracy)).ToList(), signature);

    // A static stream barely gains from a high frame rate; a busy one gains a lot.
    private static StreamProfile Still(string name) => Profile(name, 0.01, (1, 1, 0.88), (10, 10, 0.89), (30, 30, 0.90));
    private static StreamProfile Busy(string name) => Profile(name, 0.2, (1, 1, 0.40), (10, 10, 0.80), (30, 30, 0.90));

    [Fact]
    public void Capacity_goes_where_it_buys_accuracy_and_beats_every_uniform_split()
    {
        var profiles = new[] { Still("a"), Busy("b"), Still("c"), Busy("d") };
        var chosen = KnobAllocator.Allocate(profiles, 22);
        Assert.True(chosen.Cost <= 22);
        Assert.Equal(10, chosen.Knobs["b"].FrameRate);
        Assert.Equal(1, chosen.Knobs["a"].FrameRate);
        Assert.True(chosen.MeanAccuracy > UniformAllocation.Best(profiles, 22).MeanAccuracy + 0.02);
    }

    [Fact]
    public void A_lag_bound_rules_out_settings_that_trail_real_time_and_changes_the_choice()
    {
        // Unbounded, the still stream "a" gets 1 fps (its answer trails real time by 1 s); bounded to 0.2 s of lag it
        // must run at 10 fps, and the busy stream gives up capacity for it.
        var free = KnobAllocator.Allocate(new[] { Still("a"), Busy("b") }, 12);
        Assert.Equal(1, free.Knobs["a"].FrameRate);
        Assert.Equal(10, free.Knobs["b"].FrameRate);
        var bounded = KnobAllocator.Allocate(new[] { Still("a") with { MaxLag = 0.2 }, Busy("b") }, 12);
        Assert.Equal(10, bounded.Knobs["a"].FrameRate);
        Assert.True(bounded.Knobs["a"].Lag <= 0.2);
        Assert.Equal(1, bounded.Knobs["b"].FrameRate);
        Assert.True(bounded.Cost <= 12);
        Assert.Throws<ArgumentException>(() => KnobAllocator.Allocate(new[] { Still("a") with { MaxLag = 0.01 } }, 100));
    }

    [Fact]
    public void Min_objective_lifts_the_worst_stream()
    {
        var profiles = new[] { Still("a"), Busy("b") };
        var chosen = KnobAllocator.Allocate(profiles, 12, AllocationObjective.Min);
        Assert.Equal(0.80, chosen.MinAccuracy, 6);
    }

    [Fact]
    public void Joins_and_leaves_reallocate_at_once_and_alike_streams_borrow_a_profile()
    {
        var measured = new List<string>();
        var scheduler = new KnobScheduler(40, s => { measured.Add(s); return s.StartsWith('b') ? Busy(s) : Still(s); });
        scheduler.Join("a1", 0.01);
        scheduler.Join("b1", 0.2);
        var after = scheduler.Join("b2", 0.21);
        Assert.Equal(["a1", "b1"], measured);
        Assert.Equal(["a1", "b1", "b2"], after.Knobs.Keys.Order());
        Assert.True(after.Cost <= 40);
        var left = scheduler.Leave("b1");
        Assert.Equal(["a1", "b2"], left.Knobs.Keys.Order());
        Assert.Equal(30, left.Knobs["b2"].FrameRate);
    }
}
