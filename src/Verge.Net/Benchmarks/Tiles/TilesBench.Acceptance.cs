namespace Verge.Net.Benchmarks.Tiles;

/// <summary>The issue's acceptance lines for the tiles benchmark, each with the figures it was judged by.</summary>
public static partial class TilesBench
{
    private static List<string> Acceptance(IReadOnlyList<TilesCase> cases)
    {
        var lines = new List<string>();
        var exact = cases.Count > 0 ? cases.Max(c => c.MaxRelDiff) : double.NaN;
        lines.Add($"outputs within 1e-5 relative of the whole model in every case: {(exact <= 1e-5 ? "met" : "NOT met")} (largest {exact:G3})");
        foreach (var model in cases.Select(c => c.Model).Distinct())
        {
            var three = cases.Where(c => c.Model == model && c.Grid == "3x3" && c.Schedule == "fixed").ToList();
            if (three.Count > 0)
            {
                var memory = three[0].PeakMemoryRatio;
                lines.Add($"{model}: peak activation memory per helper at 3x3 ≤ 0.6× one device: {(memory <= 0.6 ? "met" : "NOT met")} ({memory:F2}×)");
                if (three.FirstOrDefault(c => c.Helpers == 3) is { } h3)
                    lines.Add($"{model}: speedup with 3 equal helpers at 3x3 (helpers only) ≥ 1.5×: {(h3.Speedup >= 1.5 ? "met" : "NOT met")} ({h3.Speedup:F2}×)");
            }
            if (cases.FirstOrDefault(c => c.Model == model && c.Schedule == "latency" && c.Helpers == 3) is { } best)
                lines.Add($"{model}: speedup with 3 equal helpers, latency-optimal layout ({best.Grid} ending at {best.BlockEnd}, the device taking tiles too) ≥ 1.5×: " +
                          $"{(best.Speedup >= 1.5 ? "met" : "NOT met")} ({best.Speedup:F2}×, predicted {best.DeviceOnlyMs / best.PredictedMs!.Value:F2}×; peak memory {best.PeakMemoryRatio:F2}×)");
            if (cases.FirstOrDefault(c => c.Model == model && c.Schedule == "chain" && c.Helpers == 3) is { } chain)
                lines.Add($"{model}: speedup with 3 equal helpers, latency-optimal chain of blocks ({chain.Grid} ending at {chain.BlockEnd}) ≥ 1.5×: " +
                          $"{(chain.Speedup >= 1.5 ? "met" : "NOT met")} ({chain.Speedup:F2}×, predicted {chain.DeviceOnlyMs / chain.PredictedMs!.Value:F2}×; peak memory {chain.PeakMemoryRatio:F2}×)");
            foreach (var packed in cases.Where(c => c.Model == model && c.Helpers == 3 && c.Schedule.EndsWith(PackedSuffix, StringComparison.Ordinal)))
                lines.Add($"{model}: speedup with 3 equal helpers, {packed.Schedule} ({packed.Grid} ending at {packed.BlockEnd}, 8-bit frame windows and zero-bitmap strips, {packed.UplinkKbPerFrame:F0} KiB/frame on the radio) ≥ 1.5×: " +
                          $"{(packed.Speedup >= 1.5 ? "met" : "NOT met")} ({packed.Speedup:F2}×, median of {packed.FrameMs.Count} frames, {Spread(packed)}; predicted {packed.DeviceOnlyMs / packed.PredictedMs!.Value:F2}×"
                          + (packed.PredictedWithCodecMs is { } codec ? $", {packed.DeviceOnlyMs / codec:F2}× with the codec's measured time charged" : "") + WithTileTimes(packed) + $"; peak memory {packed.PeakMemoryRatio:F2}×)");
            if (cases.FirstOrDefault(c => c.Model == model && c.Schedule == "halo" && c.Helpers == 3) is { } halo)
                lines.Add($"{model}: speedup with 3 equal helpers, chain under halo exchange ({halo.Grid} ending at {halo.BlockEnd}, {halo.UplinkKbPerFrame:F0} KiB/frame on the radio) ≥ 1.5×: " +
                          $"{(halo.Speedup >= 1.5 ? "met" : "NOT met")} ({halo.Speedup:F2}×, predicted {halo.DeviceOnlyMs / halo.PredictedMs!.Value:F2}×{WithTileTimes(halo)}; peak memory {halo.PeakMemoryRatio:F2}×)");
        }
        return lines;
    }

    private static string WithTileTimes(TilesCase c) => c.PredictedWithTileTimesMs is { } ms ? $", {c.DeviceOnlyMs / ms:F2}× with the tiles' measured times" : "";

    /// <summary>The speedups of a case's slowest and fastest frame.</summary>
    private static string Spread(TilesCase c) => c.FrameMs.Count == 0 ? "no frames"
        : $"frames {c.DeviceOnlyMs / c.FrameMs.Max():F2}×–{c.DeviceOnlyMs / c.FrameMs.Min():F2}×";
}
