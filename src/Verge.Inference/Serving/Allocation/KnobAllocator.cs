namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// VideoStorm's resource allocation (Zhang et al., NSDI 2017) on plain profiles: choose one knob setting per stream so
/// that the total cost fits the server's capacity and the total (or the minimum) accuracy is the largest. Total is a
/// multiple-choice knapsack over the settings within each stream's lag bound, solved exactly by dynamic programming over the capacity cut into <c>Resolution</c> steps
/// (costs rounded up, so the answer always fits); Min raises the worst stream's accuracy level as far as capacity
/// allows, then spends what is left on the total.
/// </summary>
public static class KnobAllocator
{
    public const int Resolution = 2000;

    public static Allocation Allocate(IReadOnlyList<StreamProfile> profiles, double capacity, AllocationObjective objective = AllocationObjective.Total)
    {
        if (profiles.Count == 0) return new Allocation(new Dictionary<string, KnobPoint>());
        if (profiles.Any(p => p.Points.Count == 0)) throw new ArgumentException("a stream has no knob setting");
        // Subject to each stream's lag: settings past a stream's bound are dropped before anything is chosen.
        var late = profiles.FirstOrDefault(p => p.Feasible.Count == 0);
        if (late is not null) throw new ArgumentException($"stream {late.Stream}: no knob setting keeps its lag within {late.MaxLag:0.###} s");
        profiles = profiles.Select(p => p with { Points = p.Feasible }).ToList();
        if (objective == AllocationObjective.Min)
        {
            var floors = profiles.Select(p => p.Points.Select(k => k.Accuracy)).SelectMany(a => a).Distinct().OrderDescending();
            foreach (var level in floors)
            {
                var lifted = profiles.Select(p => p with { Points = p.Points.Where(k => k.Accuracy >= level).ToList() }).ToList();
                if (lifted.Any(p => p.Points.Count == 0) || lifted.Sum(p => p.Points.Min(k => k.Cost)) > capacity) continue;
                return MaxTotal(lifted, capacity);
            }
        }
        return MaxTotal(profiles, capacity);
    }

    /// <summary>The exact knapsack; when even the cheapest settings do not fit, every stream gets its cheapest.</summary>
    private static Allocation MaxTotal(IReadOnlyList<StreamProfile> profiles, double capacity)
    {
        if (profiles.Sum(p => p.Points.Min(k => k.Cost)) > capacity || capacity <= 0) return Cheapest(profiles);
        double unit = capacity / Resolution;
        int n = profiles.Count;
        var best = new double[n + 1, Resolution + 1];
        var pick = new int[n + 1, Resolution + 1];
        for (int i = 1; i <= n; i++)
        {
            var points = profiles[i - 1].Points;
            for (int c = 0; c <= Resolution; c++)
            {
                best[i, c] = double.NegativeInfinity;
                for (int j = 0; j < points.Count; j++)
                {
                    int w = (int)Math.Ceiling(points[j].Cost / unit - 1e-9);
                    if (w > c || double.IsNegativeInfinity(best[i - 1, c - w])) continue;
                    double v = best[i - 1, c - w] + points[j].Accuracy;
                    if (v > best[i, c] + 1e-12) (best[i, c], pick[i, c]) = (v, j);
                }
            }
        }
        var knobs = new Dictionary<string, KnobPoint>();
        int left = Resolution;
        if (double.IsNegativeInfinity(best[n, left])) return Cheapest(profiles);
        for (int i = n; i >= 1; i--)
        {
            var point = profiles[i - 1].Points[pick[i, left]];
            knobs[profiles[i - 1].Stream] = point;
            left -= (int)Math.Ceiling(point.Cost / unit - 1e-9);
        }
        return new Allocation(knobs);
    }

    private static Allocation Cheapest(IReadOnlyList<StreamProfile> profiles) =>
        new(profiles.ToDictionary(p => p.Stream, p => p.Points.MinBy(k => (k.Cost, -k.Accuracy))!));
}
