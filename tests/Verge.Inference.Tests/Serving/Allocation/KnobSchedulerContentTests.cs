using Verge.Inference.Serving.Allocation;

namespace Verge.Inference.Tests.Serving.Allocation;

/// <summary>Knobs whose cost depends on content (exits), and pooled profiles under content that changes.</summary>
public sealed class KnobSchedulerContentTests
{
    private static StreamProfile Profile(string name, double signature, params (double Rate, string Variant, double Cost, double Accuracy)[] points) =>
        new(name, points.Select(p => new KnobPoint(p.Rate, p.Variant, p.Cost, p.Accuracy)).ToList(), signature);

    [Fact]
    public void A_variant_whose_cost_depends_on_content_enters_the_profile_with_its_mean_cost_and_accuracy()
    {
        int window = 0;
        // "exits" spends 2 per frame on easy content and 6 on hard; "full" always 8.
        var scheduler = new KnobScheduler(100, (s, _) => Profile(s, 0.1,
            (10, "full", 80, 0.90), (10, "exits", window == 0 ? 20 : 60, window == 0 ? 0.88 : 0.84)), policy: new ReprofilePolicy(History: 0));
        scheduler.Join("a", 0.1);
        window = 1;
        scheduler.Window(new Dictionary<string, double> { ["a"] = 0.1 });
        var estimate = scheduler.Profiles.Single().Points.ToDictionary(p => p.Variant);
        Assert.Equal(40, estimate["exits"].Cost, 9);
        Assert.Equal(0.86, estimate["exits"].Accuracy, 9);
        Assert.Equal(80, estimate["full"].Cost);  // a fixed cost stays exactly what it was
        // With 50 to spend, the content-dependent variant is what fits.
        var tight = new KnobScheduler(50, (s, _) => Profile(s, 0.1, (10, "full", 80, 0.90), (10, "exits", 40, 0.86), (1, "full", 8, 0.5)));
        Assert.Equal("exits", tight.Join("a", 0.1).Knobs["a"].Variant);
    }

    [Fact]
    public void Pooled_profiles_forget_a_stream_whose_content_changed_and_move_capacity_to_it_within_one_window()
    {
        int window = 0;
        // a is still until window 2, then busy; b stays middling. Still scenes barely gain from frame rate, busy ones a lot.
        StreamProfile Measure(string s) => s == "a" && window >= 2
            ? Profile(s, 0.4, (1, "m", 1, 0.40), (10, "m", 10, 0.80))
            : s == "a" ? Profile(s, 0.05, (1, "m", 1, 0.88), (10, "m", 10, 0.89))
            : Profile(s, 0.2, (1, "m", 1, 0.70), (10, "m", 10, 0.85));
        var forgets = new KnobScheduler(11.5, (s, _) => Measure(s), policy: new ReprofilePolicy(History: 0, ChangeTolerance: 0.5, Pool: true));
        var remembers = new KnobScheduler(11.5, (s, _) => Measure(s), policy: new ReprofilePolicy(History: 0, Pool: true));
        foreach (var scheduler in new[] { forgets, remembers })
        {
            scheduler.Join("a", 0.05);
            scheduler.Join("b", 0.2);
            Assert.Equal(10, scheduler.Current.Knobs["b"].FrameRate);
        }
        for (window = 1; window <= 2; window++)
        {
            var signatures = new Dictionary<string, double> { ["a"] = window >= 2 ? 0.4 : 0.05, ["b"] = 0.2 };
            forgets.Window(signatures);
            remembers.Window(signatures);
        }
        // At the end of the window the content changed in, the scheduler that forgets moves capacity to a at once; the one
        // that averages a's still past with its busy present does not yet.
        Assert.Equal(10, forgets.Current.Knobs["a"].FrameRate);
        Assert.Equal(0.80, forgets.Profiles.Single(p => p.Stream == "a").Points.Single(p => p.FrameRate == 10).Accuracy, 9);
        Assert.Equal(1, remembers.Current.Knobs["a"].FrameRate);
    }

    [Fact]
    public void A_stream_whose_content_changed_takes_up_the_history_of_the_stream_it_now_resembles()
    {
        int window = 0;
        // c is busy throughout, measured at 0.70 (10 fps) in windows 0–1 and 0.80 in window 2; a turns busy in window 2.
        StreamProfile Measure(string s) => s == "a" && window < 2
            ? Profile(s, 0.05, (1, "m", 1, 0.88), (10, "m", 10, 0.89))
            : Profile(s, 0.4, (1, "m", 1, 0.40), (10, "m", 10, window < 2 ? 0.70 : 0.80));
        var scheduler = new KnobScheduler(100, (s, _) => Measure(s), policy: new ReprofilePolicy(History: 0, ChangeTolerance: 0.5, Pool: true));
        scheduler.Join("a", 0.05);
        scheduler.Join("c", 0.4);
        for (window = 1; window <= 2; window++)
            scheduler.Window(new Dictionary<string, double> { ["a"] = window >= 2 ? 0.4 : 0.05, ["c"] = 0.4 });
        // a forgot its still past and took up c's two busy windows, then both added this window's pooled profile.
        var a = scheduler.Profiles.Single(p => p.Stream == "a").Points.Single(p => p.FrameRate == 10).Accuracy;
        Assert.Equal((0.70 + 0.70 + 0.80) / 3, a, 9);
        Assert.Equal(a, scheduler.Profiles.Single(p => p.Stream == "c").Points.Single(p => p.FrameRate == 10).Accuracy, 9);
    }
}
