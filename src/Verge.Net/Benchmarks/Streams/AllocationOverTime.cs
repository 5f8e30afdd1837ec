using Verge.Inference.Serving.Allocation;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// The knob scheduler lived over a long stream cut into profiling windows (VideoStorm, NSDI 2017; Chameleon, SIGCOMM
/// 2018): every stream joins and is profiled on window 0; window w is scored with the allocation the scheduler chose
/// from windows 0…w−1 only, then the scheduler re-profiles on window w under its <see cref="ReprofilePolicy"/> and
/// re-allocates. The best uniform split is chosen from the same estimated profiles each window (the better on the
/// window's frames of one knob for every stream and the fair split), so both sides use the same information.
/// </summary>
public static class AllocationOverTime
{
    /// <summary>The policies compared, the one the acceptance reads (<see cref="Scheduler"/>) last.</summary>
    public static IReadOnlyList<(string Name, ReprofilePolicy Policy, double Tolerance)> Policies { get; } =
    [
        ("last window, every stream", ReprofilePolicy.LastWindow, Own),
        ("smoothed over windows, every stream", new ReprofilePolicy(History: 0), Own),
        ("smoothed, shared", new ReprofilePolicy(History: 0), Sharing),
        (Chameleon, new ReprofilePolicy(FullEvery: 3, TopK: 3, History: 0), Sharing),
        (Pooled, new ReprofilePolicy(History: 0, Pool: true), Sharing),
        (Scheduler, new ReprofilePolicy(History: 0, ChangeTolerance: ChangeTolerance, Pool: true), Sharing),
    ];

    /// <summary>Chameleon's cheap re-profiling: a full profile every third window, the top 3 settings between,
    /// smoothed over windows, profiles shared across alike streams.</summary>
    public const string Chameleon = "Chameleon: full every 3rd window, top-3 between, smoothed, shared";

    /// <summary>Every stream profiled every window, each setting's accuracy averaged over windows and over alike
    /// streams: the policy with the least noise in its estimates on stationary content.</summary>
    public const string Pooled = "smoothed, pooled over alike streams";

    /// <summary><see cref="Pooled"/>, and a stream whose busy-frame share halves or doubles (relative change past
    /// <see cref="ChangeTolerance"/>) forgets its history and takes up that of an unchanged stream it now resembles:
    /// VideoStorm's re-profiling as content changes, with Chameleon's sharing. The acceptance's figure.</summary>
    public const string Scheduler = "smoothed, pooled, on change forgets and borrows an alike stream's history";

    /// <summary>The relative change of the busy-frame share that counts as new content.</summary>
    public const double ChangeTolerance = 0.5;

    /// <summary>Profile sharing's tolerance on the busy-frame share (relative); negative: every stream profiled.</summary>
    public const double Sharing = 0.15, Own = -1;

    /// <param name="truth">stream → its profile measured on each window.</param>
    public static IReadOnlyList<AllocationPolicyRow> Run(IReadOnlyDictionary<string, IReadOnlyList<StreamProfile>> truth, double capacity) =>
        Policies.Select(p => Score(p.Name, p.Policy, p.Tolerance, truth, capacity)).ToList();

    private static AllocationPolicyRow Score(string name, ReprofilePolicy policy, double tolerance,
        IReadOnlyDictionary<string, IReadOnlyList<StreamProfile>> truth, double capacity)
    {
        var full = Live(policy, tolerance, truth, capacity, uniform: true);
        double target = full.Uniform.Average();
        // Scored accuracy need not grow with capacity, hence a scan down from 1× rather than a bisection.
        double ratio = double.PositiveInfinity, used = double.PositiveInfinity;
        for (int percent = 100; percent >= 1; percent--)
        {
            var reduced = Live(policy, tolerance, truth, percent / 100.0 * capacity, uniform: false);
            if (reduced.Scheduler.Average() < target - 1e-12) break;
            (ratio, used) = (percent / 100.0, reduced.Load.Max() / capacity);
        }
        int windows = truth.Values.First().Count;
        return new AllocationPolicyRow(name, windows - 1, full.Scheduler.Average(), target,
            full.Scheduler.Zip(full.Uniform, (a, b) => a - b).Min(), ratio, full.SettingsProfiled,
            truth.Count * windows * truth.Values.First()[0].Points.Count, full.Load.Max() / capacity, used);
    }

    /// <summary>Per scored window, the scheduler's and the best uniform split's mean accuracy on its frames.</summary>
    private static (List<double> Scheduler, List<double> Uniform, int SettingsProfiled, List<double> Load) Live(ReprofilePolicy policy, double tolerance,
        IReadOnlyDictionary<string, IReadOnlyList<StreamProfile>> truth, double capacity, bool uniform)
    {
        int window = 0, windows = truth.Values.First().Count;
        var scheduler = new KnobScheduler(capacity, (s, _) => truth[s][window], tolerance, AllocationObjective.Total, policy);
        foreach (var (s, p) in truth) scheduler.Join(s, p[0].Signature);
        var (ours, split, load) = (new List<double>(), new List<double>(), new List<double>());
        for (window = 1; window < windows; window++)
        {
            var now = truth.ToDictionary(t => t.Key, t => t.Value[window]);
            ours.Add(Scored(scheduler.Current, now));
            // What the chosen knobs really cost on the window's frames (an exit's cost is known only afterwards).
            load.Add(scheduler.Current.Knobs.Sum(k => Point(now, k.Key, k.Value).Cost));
            var estimate = scheduler.Profiles;
            if (uniform) split.Add(Math.Max(Scored(UniformAllocation.SameKnob(estimate, capacity), now), Scored(UniformAllocation.FairShare(estimate, capacity), now)));
            scheduler.Window(now.ToDictionary(t => t.Key, t => t.Value.Signature));
        }
        return (ours, split, scheduler.SettingsProfiled, load);
    }

    /// <summary>The mean accuracy of <paramref name="allocation"/>'s knobs on the window's frames.</summary>
    public static double Scored(Allocation allocation, IReadOnlyDictionary<string, StreamProfile> window) =>
        allocation.Knobs.Average(k => Point(window, k.Key, k.Value).Accuracy);

    private static KnobPoint Point(IReadOnlyDictionary<string, StreamProfile> window, string stream, KnobPoint knob) =>
        window[stream].Points.First(p => p.Variant == knob.Variant && p.FrameRate == knob.FrameRate);
}
