using System.Globalization;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Simulation;

namespace Verge.Net.Benchmarks.Codecs;

/// <summary>
/// The codec sweep's pure parts: the simulation each codec runs (exactly what the printed `verge fl simulate`
/// command runs), and the table that holds every codec against fp32 at the same rounds.
/// </summary>
public static class CodecSweep
{
    public const string Baseline = "fp32";

    public static SimulationOptions Options(string codec, CodecSweepSettings s) =>
        new(s.Model, s.Clients, "fedavg", codec, s.MaxRounds)
        {
            Settings = new StrategySettings { Seed = s.Seed },
            Alpha = s.Alpha > 0 ? s.Alpha : null,
            TestLimit = s.TestLimit,
        };

    /// <summary>The one-run command that reproduces a codec's figures (the bench runs the same options in process).</summary>
    public static string SimulateCommand(string codec, CodecSweepSettings s)
    {
        var inv = CultureInfo.InvariantCulture;
        return $"verge fl simulate --clients {s.Clients} --strategy fedavg --codec {codec} --alpha {s.Alpha.ToString(inv)} --rounds {s.MaxRounds} --model {s.Model}" +
               (s.Seed != 0 ? $" --seed {s.Seed}" : "") + (s.TestLimit != 0 ? $" --test-limit {s.TestLimit}" : "");
    }

    /// <summary>A file name for a codec's run (":" and "=" are awkward in paths).</summary>
    public static string FileName(string codec) => codec.Replace(':', '_').Replace('=', '-') + ".json";

    /// <summary>Whether a saved report is a run of this sweep's setting, long enough for its rounds.</summary>
    public static bool Matches(SimulationReport report, string codec, CodecSweepSettings s) =>
        report.Codec == codec && report.Strategy == "fedavg" && report.Clients == s.Clients && report.Model == s.Model &&
        (report.Alpha ?? 0) == s.Alpha && report.LocalSteps == StrategySettings.DefaultFit.LocalSteps && report.Rounds.Count >= s.MaxRounds;

    /// <summary>Every codec at every reported round, against the fp32 run at the same round.</summary>
    public static IReadOnlyList<CodecSweepRow> Rows(IReadOnlyList<SimulationReport> reports, IReadOnlyList<int> rounds)
    {
        var baseline = reports.FirstOrDefault(r => r.Codec == Baseline)
                       ?? throw new ArgumentException("the sweep needs the fp32 run as its baseline", nameof(reports));
        var rows = new List<CodecSweepRow>();
        foreach (var report in reports)
            foreach (var round in rounds.Order())
            {
                if (round > report.Rounds.Count || round > baseline.Rounds.Count) continue;
                long bytes = Uplink(report, round), fp32 = Uplink(baseline, round);
                double acc = report.Rounds[round - 1].TestAcc;
                rows.Add(new CodecSweepRow(report.Codec, round, acc, bytes, bytes > 0 ? (double)fp32 / bytes : double.PositiveInfinity,
                    100 * (acc - baseline.Rounds[round - 1].TestAcc)));
            }
        return rows;
    }

    /// <summary>The codec that meets issue #18's bar at the last round with the most reduction, or null.</summary>
    public static CodecSweepRow? Best(IReadOnlyList<CodecSweepRow> rows, int round) =>
        rows.Where(r => r.Round == round && r.Codec != Baseline && r.MeetsTarget).MaxBy(r => r.Reduction);

    private static long Uplink(SimulationReport report, int rounds) => report.Rounds.Take(rounds).Sum(r => r.UplinkBytes);
}
