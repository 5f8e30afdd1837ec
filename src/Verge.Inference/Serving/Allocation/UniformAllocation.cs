namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// The baselines an allocator is held against: the same knob setting for every stream (the best one that fits), and
/// the fair split (each stream gets capacity / N and picks its best setting within it, VideoStorm's comparison).
/// </summary>
public static class UniformAllocation
{
    public static Allocation SameKnob(IReadOnlyList<StreamProfile> profiles, double capacity)
    {
        var settings = profiles[0].Points.Select(p => (p.FrameRate, p.Variant)).Distinct();
        Allocation? best = null;
        foreach (var (rate, variant) in settings)
        {
            var knobs = profiles.ToDictionary(p => p.Stream, p => p.Points.First(k => k.FrameRate == rate && k.Variant == variant));
            var a = new Allocation(knobs);
            if (a.Cost <= capacity * (1 + 1e-9) && (best is null || a.MeanAccuracy > best.MeanAccuracy)) best = a;
        }
        return best ?? new Allocation(profiles.ToDictionary(p => p.Stream, p => p.Points.MinBy(k => k.Cost)!));
    }

    public static Allocation FairShare(IReadOnlyList<StreamProfile> profiles, double capacity)
    {
        double share = capacity / profiles.Count;
        return new Allocation(profiles.ToDictionary(p => p.Stream,
            p => p.Points.Where(k => k.Cost <= share * (1 + 1e-9)).MaxBy(k => k.Accuracy) ?? p.Points.MinBy(k => k.Cost)!));
    }

    /// <summary>The better of the two baselines by mean accuracy.</summary>
    public static Allocation Best(IReadOnlyList<StreamProfile> profiles, double capacity)
    {
        var same = SameKnob(profiles, capacity);
        var fair = FairShare(profiles, capacity);
        return fair.MeanAccuracy > same.MeanAccuracy ? fair : same;
    }
}
