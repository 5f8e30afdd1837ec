using System.Globalization;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>Issue 14's acceptance list held against a run's figures.</summary>
public static class StreamsAcceptance
{
    public static IReadOnlyList<StreamsCheck> Evaluate(IReadOnlyList<ChangeDetectionRow> change, AllocationRow allocation, AllocationRow? changing, StemResult stems, PrecogResult precog)
    {
        var checks = new List<StreamsCheck>();
        var cd = change.First(r => r.Stream == "static" && r.Technique == ChangeDetectionStudy.Glimpse);
        checks.Add(new("change detection + reuse, static stream", "≥ 50 % of frames not offloaded, accuracy within 1 point of every frame",
            $"{P(1 - cd.OffloadedFraction)} not offloaded, {P(cd.Accuracy)} vs {P(cd.AccuracyEveryFrame)}, {cd.UplinkBytesSaved / 1e6:0.0} MB uplink saved",
            cd.OffloadedFraction <= 0.5 && cd.Accuracy >= cd.AccuracyEveryFrame - 0.01));
        checks.Add(Allocation(allocation, changing));
        checks.Add(new("three applications on a shared stem", "≥ 2× the frames/s of three separate models, each within 1 point of its own",
            $"{stems.FpsShared:0} vs {stems.FpsSeparate:0} frames/s ({stems.FpsShared / stems.FpsSeparate:0.00}×) at k = {stems.Chosen.SharedLayers}; largest drop {P(stems.MaxAccuracyDrop)}",
            stems.FpsShared >= 2 * stems.FpsSeparate && stems.MaxAccuracyDrop <= 0.01));
        checks.Add(new("Precog on a drifting stream", "≥ 60 % of frames answered on the device, accuracy within 1 point of always offloading",
            $"{P(precog.LocalFraction)} on the device, {P(precog.Accuracy)} vs {P(precog.AccuracyOffload)}",
            precog.LocalFraction >= 0.6 && precog.Accuracy >= precog.AccuracyOffload - 0.01));
        return checks;
    }

    /// <summary>Scored on frames the allocator has not seen: the periodic scheduler over every window after the first, on
    /// the stationary mix under the issue's knob set (the verdict), with the changing mix beside it.</summary>
    public static StreamsCheck Allocation(AllocationRow allocation, AllocationRow? changing)
    {
        var live = allocation.Scheduler;
        string also = changing is null ? "" : $"; streams whose content changes: {P(changing.Scheduler.MeanAccuracy)} vs {P(changing.Scheduler.UniformMeanAccuracy)} (+{100 * changing.Scheduler.Gain:0.00} points), {Ratio(changing.Scheduler.CapacityNeeded)}";
        return new($"knob allocation, {allocation.Streams} streams", "mean accuracy ≥ best uniform + 2 points at the same capacity, or equal at ≤ 0.7× capacity",
            $"knobs {allocation.KnobSet}; periodic scheduler over {live.ScoredWindows} unseen windows, {allocation.Mix} streams: {P(live.MeanAccuracy)} vs {P(live.UniformMeanAccuracy)} (+{100 * live.Gain:0.00} points); {Ratio(live.CapacityNeeded)}" +
            also + $" (one profile, next window only: {P(allocation.MeanAccuracy)} vs {P(allocation.UniformMeanAccuracy)}, {Ratio(allocation.NextWindowCapacityRatio)})",
            live.Gain >= 0.02 - 1e-12 || live.CapacityNeeded <= 0.7 + 1e-12);
    }

    private static string Ratio(double r) => double.IsInfinity(r)
        ? "best uniform's accuracy not reached at any capacity up to 1×"
        : $"best uniform's accuracy reached at {r.ToString("0.00", CultureInfo.InvariantCulture)}× capacity";

    private static string P(double v) => (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
