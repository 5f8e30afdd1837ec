using Verge.Net.Benchmarks.Streams;

namespace Verge.Cli.Output;

/// <summary>`verge bench streams --json`: the keys per study (change_detection, allocation, stems, precog), each
/// with its rows, and the acceptance checks.</summary>
internal static class StreamsDocument
{
    public static object From(StreamsBenchReport report, string command, string host)
    {
        var cd = report.StaticChangeDetection;
        var eight = report.EightStreams;
        var stems = report.Stems;
        var precog = report.Precog;
        return new
        {
            Command = command,
            Host = host,
            ChangeDetection = new
            {
                Stream = cd.Stream,
                cd.OffloadedFraction,
                cd.Accuracy,
                cd.AccuracyEveryFrame,
                cd.UplinkBytesSaved,
                cd.Threshold,
                Rows = report.ChangeDetection,
            },
            Allocation = new
            {
                eight.KnobSet,
                eight.Mix,
                eight.Streams,
                eight.MeanAccuracy,
                eight.UniformMeanAccuracy,
                eight.ProfiledMeanAccuracy,
                eight.ProfiledUniformMeanAccuracy,
                eight.CapacityRatioForUniformAccuracy,
                NextWindowCapacityRatio = double.IsInfinity(eight.NextWindowCapacityRatio) ? (double?)null : eight.NextWindowCapacityRatio,
                Scheduler = new
                {
                    eight.Scheduler.Policy,
                    eight.Scheduler.ScoredWindows,
                    eight.Scheduler.MeanAccuracy,
                    eight.Scheduler.UniformMeanAccuracy,
                    eight.Scheduler.Gain,
                    CapacityRatio = double.IsInfinity(eight.Scheduler.CapacityRatio) ? (double?)null : eight.Scheduler.CapacityRatio,
                    eight.Scheduler.SettingsProfiled,
                    eight.Scheduler.SettingsProfiledInFull,
                    eight.Scheduler.PeakLoad,
                    CapacityUsed = double.IsInfinity(eight.Scheduler.CapacityUsed) ? (double?)null : eight.Scheduler.CapacityUsed,
                },
                Changing = report.EightChangingStreams is { } changing ? new
                {
                    changing.KnobSet,
                    changing.Streams,
                    changing.Scheduler.Policy,
                    changing.Scheduler.MeanAccuracy,
                    changing.Scheduler.UniformMeanAccuracy,
                    changing.Scheduler.Gain,
                    CapacityRatio = double.IsInfinity(changing.Scheduler.CapacityRatio) ? (double?)null : changing.Scheduler.CapacityRatio,
                    changing.Scheduler.PeakLoad,
                } : null,
                Rows = report.Allocation,
            },
            Stems = new
            {
                stems.FpsShared,
                stems.FpsSeparate,
                stems.MaxAccuracyDrop,
                stems.Chosen.SharedLayers,
                stems.TargetFps,
                stems.BackboneAccuracy,
                Rows = stems.Rows,
            },
            Precog = new
            {
                precog.LocalFraction,
                precog.Accuracy,
                precog.AccuracyOffload,
                precog.Threshold,
                precog.ModelsPushed,
                precog.BytesPushed,
                precog.UplinkBytesSaved,
            },
            Acceptance = report.Acceptance,
        };
    }
}
