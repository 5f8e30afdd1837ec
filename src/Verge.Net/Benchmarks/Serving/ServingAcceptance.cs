using System.Globalization;
using Verge.Net.Serving.Load;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// Issue 11's acceptance figures, computed from the bench's runs; the targets are the issue's, never tuned. An open-loop
/// comparison counts only when the load generator sent at least <see cref="MinSentShare"/> of its rate in every run
/// compared: otherwise the generator, not the server, was overloaded, and the figure says so and is not met.
/// </summary>
public static class ServingAcceptance
{
    public const double BatchingSpeedup = 2.0;
    public const double MaxMissRate = 0.05;
    public const double GoodputGain = 1.3;
    public const double AoiRatio = 0.5;
    public const double MinSentShare = 0.9;

    public static IReadOnlyList<AcceptanceCheck> Of(IReadOnlyList<ServingRun> runs, SoakResult soak, double rateRps, double streamsRateRps)
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
        var overloadShort = Short(rateRps, fifo.Report, edf.Report);
        var streamsShort = Short(streamsRateRps, fifoStreams, latest);
        return
        [
            new("batching: throughput on / off", F(speedup) + "×", $"≥ {F(BatchingSpeedup)}×", speedup >= BatchingSpeedup),
            new("batching: p99 on vs off", $"{F(on.P99Ms)} ms vs {F(off.P99Ms)} ms", "on ≤ off", on.P99Ms <= off.P99Ms),
            new("overload: deadline misses among admitted, EDF + admission", P(edf.MissRate) + overloadShort, $"≤ {P(MaxMissRate)}",
                edf.MissRate <= MaxMissRate && overloadShort.Length == 0),
            new("overload: goodput EDF + admission / FIFO", goodput.ToString("0.###", CultureInfo.InvariantCulture) + "×" + overloadShort, $"≥ {F(GoodputGain)}×", goodput >= GoodputGain && overloadShort.Length == 0),
            new("streams: mean AoI latest-only / FIFO", F(aoi) + "×" + streamsShort, $"≤ {F(AoiRatio)}×", aoi <= AoiRatio && streamsShort.Length == 0),
            new($"soak: errors other than deliberate rejections ({soak.Streams} streams)", soak.Run.Report.Errors.ToString(CultureInfo.InvariantCulture), "0", soak.Run.Report.Errors == 0),
            new("soak: resident memory growth, second half / first half", P(soak.Growth), $"≤ {P(SoakResult.MaxGrowth)}", soak.Bounded),
        ];
    }

    /// <summary>"" when every run sent its rate; otherwise what the slowest sent, which voids the comparison.</summary>
    private static string Short(double rateRps, params LoadReport[] reports)
    {
        double sent = reports.Min(r => double.IsNaN(r.SentRps) ? 0 : r.SentRps);
        return sent >= MinSentShare * rateRps ? "" : $" (void: the generator sent {F(sent)} of {F(rateRps)} req/s)";
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string P(double x) => (100 * x).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
