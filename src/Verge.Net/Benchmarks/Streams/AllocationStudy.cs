using Verge.Net.Running.Streams;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Allocation;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Knob allocation for 4–16 streams (half static, half busy, each its own seed) on a server that can afford
/// <see cref="CapacityShare"/> of what every stream at its best knobs would cost. Profiles come from each stream's first
/// window; the allocation chosen from them is scored on its second window, as a scheduler would live it; and the periodic
/// scheduler lives <see cref="StreamsBenchOptions.AllocationWindows"/> windows of each stream (<see cref="AllocationOverTime"/>).
/// </summary>
public static class AllocationStudy
{
    public const double CapacityShare = 0.1;

    public static IReadOnlyList<AllocationRow> Run(StreamsBenchOptions options, StreamFrames frames, Action<string> log)
    {
        var runners = options.Variants.ToDictionary(v => v.Key, v => new OnnxBatchRunner(v.Value, options.Threads));
        try
        {
            var macs = options.Variants.ToDictionary(v => v.Key, v => ModelGraph.Load(v.Value).MacsTotal);
            int most = options.StreamCounts.Max(), window = options.ProfileFrames;
            // One long stream each, cut into windows (a seeded stream's first frames do not depend on its length).
            int windows = Math.Max(2, options.AllocationWindows);
            var streams = Enumerable.Range(0, most).Select(i => frames.Evaluation(i % 2 == 0 ? StreamPreset.Static : StreamPreset.Busy, windows * window, options.Seed + 100 + i)).ToList();
            var answers = streams.Select(s => runners.ToDictionary(r => r.Key, r => StreamFrames.Answers(r.Value, s))).ToList();
            var rows = new List<AllocationRow>();
            foreach (int n in options.StreamCounts)
            {
                var names = Enumerable.Range(0, n).Select(i => $"s{i:00}-{streams[i].Preset.Name}").ToList();
                StreamProfile ProfileOf(int i, int w) => KnobProfiles.Measure(names[i], streams[i], w * window, window, answers[i], macs);
                var profiles = Enumerable.Range(0, n).Select(i => ProfileOf(i, 0)).ToList();
                var truth = Enumerable.Range(0, n).ToDictionary(i => names[i], i => ProfileOf(i, 1));
                var everyWindow = Enumerable.Range(0, n).ToDictionary(i => names[i], i => (IReadOnlyList<StreamProfile>)Enumerable.Range(0, windows).Select(w => ProfileOf(i, w)).ToList());
                double capacity = CapacityShare * profiles.Sum(p => p.Points.Max(k => k.Cost));
                var chosen = KnobAllocator.Allocate(profiles, capacity);
                var same = UniformAllocation.SameKnob(profiles, capacity);
                var fair = UniformAllocation.FairShare(profiles, capacity);
                double uniform = Math.Max(Measured(same, truth).MeanAccuracy, Measured(fair, truth).MeanAccuracy);
                var scheduler = new KnobScheduler(capacity, s => profiles[names.IndexOf(s)]);
                foreach (var p in profiles) scheduler.Join(p.Stream, p.Signature);
                var shared = scheduler.Current;
                var measured = Measured(chosen, truth);
                var periodic = AllocationOverTime.Run(everyWindow, capacity);
                rows.Add(new AllocationRow(n, capacity, CapacityShare, chosen.MeanAccuracy, UniformAllocation.Best(profiles, capacity).MeanAccuracy, measured.MeanAccuracy, measured.MinAccuracy, uniform,
                    Measured(same, truth).MeanAccuracy, Measured(fair, truth).MeanAccuracy, CapacityRatio(profiles, capacity, UniformAllocation.Best(profiles, capacity).MeanAccuracy),
                    NextWindowCapacityRatio(profiles, truth, capacity, uniform),
                    n, scheduler.ProfilesMeasured, Measured(shared, truth).MeanAccuracy, chosen.Knobs.ToDictionary(k => k.Key, k => k.Value.ToString()), periodic));
                log($"allocation: {n} streams: allocator {100 * measured.MeanAccuracy:0.00} % vs best uniform {100 * uniform:0.00} % on the next window ({100 * chosen.MeanAccuracy:0.00} % vs {100 * UniformAllocation.Best(profiles, capacity).MeanAccuracy:0.00} % profiled); {scheduler.ProfilesMeasured} of {n} profiled with sharing");
                foreach (var p in periodic)
                    log($"allocation: {n} streams over {p.ScoredWindows} unseen windows, {p.Policy}: {100 * p.MeanAccuracy:0.00} % vs {100 * p.UniformMeanAccuracy:0.00} % (+{100 * p.Gain:0.00}), uniform's accuracy from {p.CapacityRatio:0.00}× capacity; {p.SettingsProfiled} of {p.SettingsProfiledInFull} settings profiled");
            }
            return rows;
        }
        finally
        {
            foreach (var r in runners.Values) r.Dispose();
        }
    }

    /// <summary>The same knobs scored on the next window's profiles.</summary>
    private static Allocation Measured(Allocation allocation, IReadOnlyDictionary<string, StreamProfile> truth) =>
        new(allocation.Knobs.ToDictionary(k => k.Key, k => truth[k.Key].Points.First(p => p.Variant == k.Value.Variant && p.FrameRate == k.Value.FrameRate)));

    /// <summary>
    /// The least share of <paramref name="capacity"/> from which up (in steps of 0.01) the allocation chosen on the profiled
    /// window, scored on the next window, keeps at least <paramref name="target"/> (uniform's next-window accuracy at the
    /// full capacity). Scored accuracy need not grow with capacity, hence a scan rather than a bisection; infinity when
    /// even the full capacity falls short.
    /// </summary>
    private static double NextWindowCapacityRatio(IReadOnlyList<StreamProfile> profiles, IReadOnlyDictionary<string, StreamProfile> truth, double capacity, double target)
    {
        double ratio = double.PositiveInfinity;
        for (int percent = 100; percent >= 1; percent--)
        {
            if (Measured(KnobAllocator.Allocate(profiles, percent / 100.0 * capacity), truth).MeanAccuracy < target - 1e-12) break;
            ratio = percent / 100.0;
        }
        return ratio;
    }

    /// <summary>The least share of <paramref name="capacity"/> at which the allocator's profiled accuracy reaches
    /// <paramref name="target"/> (bisection; 1 when only the full capacity does).</summary>
    private static double CapacityRatio(IReadOnlyList<StreamProfile> profiles, double capacity, double target)
    {
        double low = 0, high = 1;
        for (int step = 0; step < 20; step++)
        {
            double mid = (low + high) / 2;
            if (KnobAllocator.Allocate(profiles, mid * capacity).MeanAccuracy >= target - 1e-12) high = mid;
            else low = mid;
        }
        return high;
    }
}
