using System.Globalization;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>Issue 11's acceptance figures, computed from the bench's runs; the targets are the issue's, never tuned.</summary>
public static class ServingAcceptance
{
    public const double BatchingSpeedup = 2.0;
    public const double MaxMissRate = 0.05;
    public const double GoodputGain = 1.3;
    public const double AoiRatio = 0.5;

    public static IReadOnlyList<AcceptanceCheck> Of(IReadOnlyList<ServingRun> runs, SoakResult soak)
    {
        ServingRun Find(string scenario, string variant) => runs.Single(r => r.Scenario == scenario && r.Variant == variant);
        var off = Find(ServingBench.Batching, "off").Report;
        var on = Find(ServingBench.Batching, "on").Report;
        var fifo = Find(ServingBench.Overload, "fifo");
        var edf = Find(ServingBench.Overload, "edf+admission");
        var fifoStreams = Find(ServingBench.Streams, "fifo").Report;
        var latest = Find(ServingBench.Streams, "latest-only").Report;

        double speedup = Ratio(on.ThroughputRps, off.ThroughputRps);
        double goodput = Ratio(edf.Report.GoodputRps, fifo.Report.GoodputRps);
        double aoi = Ratio(latest.MeanAoiMs, fifoStreams.MeanAoiMs);
        return
        [
            new("batching: throughput on / off", F(speedup) + "×", $"≥ {F(BatchingSpeedup)}×", speedup >= BatchingSpeedup),
            new("batching: p99 on vs off", $"{F(on.P99Ms)} ms vs {F(off.P99Ms)} ms", "on ≤ off", on.P99Ms <= off.P99Ms),
            new("overload: deadline misses among admitted, EDF + admission", P(edf.MissRate), $"≤ {P(MaxMissRate)}", edf.MissRate <= MaxMissRate),
            new("overload: goodput EDF + admission / FIFO", F(goodput) + "×", $"≥ {F(GoodputGain)}×", goodput >= GoodputGain),
            new("streams: mean AoI latest-only / FIFO", F(aoi) + "×", $"≤ {F(AoiRatio)}×", aoi <= AoiRatio),
            new($"soak: errors other than deliberate rejections ({soak.Streams} streams)", soak.Run.Report.Errors.ToString(CultureInfo.InvariantCulture), "0", soak.Run.Report.Errors == 0),
            new("soak: resident memory growth, second half / first half", P(soak.Growth), $"≤ {P(SoakResult.MaxGrowth)}", soak.Bounded),
        ];
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(double x) => (100 * x).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
