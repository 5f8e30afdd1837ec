using Verge.Net.Running.Streams;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Allocation;
using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Export;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Knob allocation for 4–16 streams on a server that can afford <see cref="CapacityShare"/> of what every stream at its
/// best knobs would cost, for each knob set and stream mix: the stationary mix (half static, half busy, each its own
/// seed) and the changing mix (<see cref="ChangingStreams"/>). Profiles come from each stream's first window; the
/// allocation chosen from them is scored on its second window, as a scheduler would live it; and the periodic scheduler
/// lives <see cref="StreamsBenchOptions.AllocationWindows"/> windows of each stream (<see cref="AllocationOverTime"/>).
/// </summary>
public static class AllocationStudy
{
    public const double CapacityShare = 0.1;

    /// <summary>Frame rate × the model variants given (the first knob set, kept as it was).</summary>
    public const string ModelKnobs = "frame rate × model";

    /// <summary>The issue's list: frame rate × model, input resolution (<see cref="LowResolutionVariant"/>) and exits
    /// (<see cref="ExitVariants"/>). The acceptance reads this set.</summary>
    public const string IssueKnobs = "frame rate × model, resolution, exits";

    public const string Stationary = "stationary", Changing = "changing";

    /// <param name="train">training images of the low-resolution variant (needed by <see cref="IssueKnobs"/>).</param>
    public static IReadOnlyList<AllocationRow> Run(StreamsBenchOptions options, StreamFrames frames, Action<string> log, ImageDataset? train = null)
    {
        var runners = options.Variants.ToDictionary(v => v.Key, v => new OnnxBatchRunner(v.Value, options.Threads));
        string lowResolution = Path.Combine(Path.GetTempPath(), $"verge-{LowResolutionVariant.Name}-{Guid.NewGuid():N}.onnx");
        try
        {
            var macs = options.Variants.ToDictionary(v => v.Key, v => ModelGraph.Load(v.Value).MacsTotal);
            bool issue = options.AllocationKnobSets.Contains(IssueKnobs);
            using var exits = issue ? RichVariants(options, frames, train, lowResolution, log) : null;
            using var small = issue ? new OnnxBatchRunner(lowResolution, options.Threads) : null;
            long smallMacs = issue ? ModelGraph.Load(lowResolution).MacsTotal : 0;
            int most = options.StreamCounts.Max(), window = options.ProfileFrames;
            // One long stream each, cut into windows (a seeded stream's first frames do not depend on its length).
            int windows = Math.Max(2, options.AllocationWindows);
            var rows = new List<AllocationRow>();
            foreach (var mix in options.AllocationMixes)
            {
                var streams = Enumerable.Range(0, most).Select(i => mix == Changing
                    ? ChangingStreams.Make(frames, i, windows, window, options.Seed + 300 + i)
                    : frames.Evaluation(i % 2 == 0 ? StreamPreset.Static : StreamPreset.Busy, windows * window, options.Seed + 100 + i)).ToList();
                var plain = streams.Select(s => runners.Select(r => KnobVariant.Fixed(r.Key, StreamFrames.Answers(r.Value, s), macs[r.Key])).ToList()).ToList();
                var rich = streams.Select((s, i) => !issue ? plain[i] :
                    [.. plain[i], KnobVariant.Fixed(LowResolutionVariant.Name, StreamFrames.Answers(small!, s), smallMacs), .. exits!.Run(s, options.ExitThresholds)]).ToList();
                foreach (var set in options.AllocationKnobSets)
                    foreach (int n in options.StreamCounts)
                        rows.Add(Row(set, mix, streams.Take(n).ToList(), set == IssueKnobs ? rich : plain, windows, window, log));
            }
            return rows;
        }
        finally
        {
            foreach (var r in runners.Values) r.Dispose();
            File.Delete(lowResolution);
        }
    }

    private static ExitVariants RichVariants(StreamsBenchOptions options, StreamFrames frames, ImageDataset? train, string path, Action<string> log)
    {
        if (train is null) throw new ArgumentException($"the knob set '{IssueKnobs}' trains a low-resolution variant: give the training images");
        if (options.ExitModelPath is null) throw new ArgumentException($"the knob set '{IssueKnobs}' needs an early-exit model (ExitModelPath)");
        var data = train.Take(options.TrainLimit);
        double accuracy = LowResolutionVariant.TrainAsync(path, data, frames.EvaluationImages, options.LowResolutionEpochs, options.Seed, options.Threads).GetAwaiter().GetResult();
        log($"allocation: {LowResolutionVariant.Name} trained {options.LowResolutionEpochs} epochs on {data.Count} images: {100 * accuracy:0.00} % on test images 5000–9999");
        return new ExitVariants(options.ExitModelPath, options.Threads);
    }

    private static AllocationRow Row(string set, string mix, IReadOnlyList<FrameStream> streams, IReadOnlyList<IReadOnlyList<KnobVariant>> variants, int windows, int window, Action<string> log)
    {
        int n = streams.Count;
        var names = Enumerable.Range(0, n).Select(i => $"s{i:00}-{streams[i].Preset.Name}").ToList();
        StreamProfile ProfileOf(int i, int w) => KnobProfiles.Measure(names[i], streams[i], w * window, window, variants[i]);
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
        var best = UniformAllocation.Best(profiles, capacity).MeanAccuracy;
        string label = $"allocation ({set}, {mix}): {n} streams";
        log($"{label}: allocator {100 * measured.MeanAccuracy:0.00} % vs best uniform {100 * uniform:0.00} % on the next window ({100 * chosen.MeanAccuracy:0.00} % vs {100 * best:0.00} % profiled); {scheduler.ProfilesMeasured} of {n} profiled with sharing");
        foreach (var p in periodic)
            log($"{label} over {p.ScoredWindows} unseen windows, {p.Policy}: {100 * p.MeanAccuracy:0.00} % vs {100 * p.UniformMeanAccuracy:0.00} % (+{100 * p.Gain:0.00}), uniform's accuracy from {p.CapacityRatio:0.00}× capacity; {p.SettingsProfiled} of {p.SettingsProfiledInFull} settings profiled");
        return new AllocationRow(set, mix, n, capacity, CapacityShare, chosen.MeanAccuracy, best, measured.MeanAccuracy, measured.MinAccuracy, uniform,
            Measured(same, truth).MeanAccuracy, Measured(fair, truth).MeanAccuracy, AllocationCapacity.Profiled(profiles, capacity, best),
            AllocationCapacity.NextWindow(profiles, truth, capacity, uniform),
            n, scheduler.ProfilesMeasured, Measured(shared, truth).MeanAccuracy, chosen.Knobs.ToDictionary(k => k.Key, k => k.Value.ToString()), periodic);
    }

    /// <summary>The same knobs scored on the next window's profiles.</summary>
    internal static Allocation Measured(Allocation allocation, IReadOnlyDictionary<string, StreamProfile> truth) =>
        new(allocation.Knobs.ToDictionary(k => k.Key, k => truth[k.Key].Points.First(p => p.Variant == k.Value.Variant && p.FrameRate == k.Value.FrameRate)));
}
