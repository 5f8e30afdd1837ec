using Verge.Inference.Serving.Allocation;

namespace Verge.Inference.Tests.Serving.Allocation;

public sealed class KnobSchedulerTests
{
    private static StreamProfile Profile(string name, double signature, params (double Rate, double Accuracy)[] points) =>
        new(name, points.Select(p => new KnobPoint(p.Rate, "m", p.Rate, p.Accuracy)).ToList(), signature);

    // A still scene barely gains from frame rate, a busy one a lot, a middling one in between.
    private static StreamProfile Still(string name) => Profile(name, 0.01, (1, 0.88), (10, 0.89), (30, 0.90));
    private static StreamProfile Busy(string name) => Profile(name, 0.2, (1, 0.40), (10, 0.80), (30, 0.90));
    private static StreamProfile Mid(string name) => Profile(name, 0.1, (1, 0.70), (10, 0.85), (30, 0.90));

    [Theory]
    [InlineData(1, 0, 1)]  // VideoStorm: the last window only
    [InlineData(1, 0, 0)]  // smoothed over every window since the content changed
    [InlineData(3, 2, 0)]  // Chameleon: full profiles every third window, the top 2 settings between
    public void Re_profiling_moves_capacity_to_a_stream_whose_content_turned_busy_one_window_later(int fullEvery, int topK, int history)
    {
        int window = 0;
        var scheduler = new KnobScheduler(12, (s, _) => s == "a" && window >= 2 ? Busy(s) : s == "a" ? Still(s) : Mid(s),
            tolerance: 0.15, policy: new ReprofilePolicy(fullEvery, topK, history, ChangeTolerance: 0.5));
        scheduler.Join("a", 0.01);
        scheduler.Join("b", 0.1);
        Assert.Equal(1, scheduler.Current.Knobs["a"].FrameRate);
        Assert.Equal(10, scheduler.Current.Knobs["b"].FrameRate);
        window = 1;
        scheduler.Window(new Dictionary<string, double> { ["a"] = 0.01, ["b"] = 0.1 });
        Assert.Equal(1, scheduler.Current.Knobs["a"].FrameRate);
        window = 2;  // the scene in front of camera a turns busy; its signature says so at the window's end
        var after = scheduler.Window(new Dictionary<string, double> { ["a"] = 0.2, ["b"] = 0.1 });
        Assert.Equal(10, after.Knobs["a"].FrameRate);
        Assert.Equal(1, after.Knobs["b"].FrameRate);
        Assert.True(after.Cost <= 12);
    }

    [Fact]
    public void Smoothing_averages_the_windows_a_setting_was_measured_in_and_top_k_windows_profile_only_k_settings()
    {
        int window = 0;
        var asked = new List<int>();
        var scheduler = new KnobScheduler(100, (s, only) =>
        {
            asked.Add(only?.Count ?? -1);
            return window % 2 == 0 ? Still(s) : Profile(s, 0.01, (1, 0.80), (10, 0.85), (30, 0.86));
        }, policy: new ReprofilePolicy(FullEvery: 2, TopK: 1, History: 0));
        scheduler.Join("a", 0.01);
        window = 1;
        scheduler.Window(new Dictionary<string, double> { ["a"] = 0.01 });
        window = 2;
        scheduler.Window(new Dictionary<string, double> { ["a"] = 0.01 });
        Assert.Equal([-1, 1, -1], asked);
        Assert.Equal(3 + 1 + 3, scheduler.SettingsProfiled);
        // Window 1 measured only the setting "a" runs (30 fps with this much capacity): its estimate averages three
        // windows, the others two.
        var estimate = scheduler.Profiles.Single().Points.ToDictionary(p => p.FrameRate, p => p.Accuracy);
        Assert.Equal((0.90 + 0.86 + 0.90) / 3, estimate[30], 9);
        Assert.Equal(0.88, estimate[1], 9);
    }

    [Fact]
    public void A_join_or_leave_between_window_ends_reallocates_at_once()
    {
        var scheduler = new KnobScheduler(21.5, (s, _) => s.StartsWith('b') ? Busy(s) : Still(s), policy: new ReprofilePolicy(FullEvery: 3, TopK: 2, History: 0));
        scheduler.Join("a1", 0.01);
        scheduler.Join("b1", 0.2);
        scheduler.Window(new Dictionary<string, double> { ["a1"] = 0.01, ["b1"] = 0.2 });
        Assert.Equal(10, scheduler.Current.Knobs["a1"].FrameRate);
        Assert.Equal(10, scheduler.Current.Knobs["b1"].FrameRate);
        // Mid-window, a busy stream joins: it borrows b1's profile and gets capacity now, not at the next window's end.
        var joined = scheduler.Join("b2", 0.21);
        Assert.Equal(["a1", "b1", "b2"], joined.Knobs.Keys.Order());
        Assert.Equal(1, joined.Knobs["a1"].FrameRate);
        Assert.True(joined.Cost <= 21.5);
        var left = scheduler.Leave("b1");
        Assert.Equal(["a1", "b2"], left.Knobs.Keys.Order());
        Assert.Equal(10, left.Knobs["b2"].FrameRate);
        Assert.Equal(10, left.Knobs["a1"].FrameRate);
    }
}
