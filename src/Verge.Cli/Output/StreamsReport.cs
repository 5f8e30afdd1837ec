using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Core.Files;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Cli.Output;

/// <summary>`verge bench streams` on the console and as docs/results/streams.md.</summary>
internal static class StreamsReport
{
    public static void Render(IAnsiConsole console, StreamsBenchReport report)
    {
        foreach (var a in report.Acceptance)
            console.MarkupLine($"{(a.Met ? "[green]met[/]" : "[red]NOT met[/]")}  {Markup.Escape(a.Name)}: {Markup.Escape(a.Measured)} (target {Markup.Escape(a.Target)})");
    }

    public static void WriteMarkdown(string path, StreamsBenchReport report, string command, string host, string? plot)
    {
        var o = report.Options;
        var md = new StringBuilder();
        md.AppendLine("# Streams at the edge (issue 14)");
        md.AppendLine();
        md.AppendLine($"Made by `{command}` on {DateTime.UtcNow:yyyy-MM-dd} (host: {host}).");
        md.AppendLine("Streams are generated from real Fashion-MNIST images (`StreamGenerator`: items stay in view for random durations,");
        md.AppendLine("camera noise, one-pixel shakes, light changes, scene cuts; ground truth per frame; seeded). Evaluated streams use test");
        md.AppendLine("images 5000–9999, held-out calibration streams test images 0–4999; models are trained on the training set.");
        md.AppendLine($"Seed {o.Seed}; {o.Frames} frames per change-detection stream; calibration target: at most {100 * o.MaxDrop:0.##} points lost on held-out frames.");
        if (plot is not null) md.AppendLine().AppendLine($"![streams]({Path.GetFileName(plot)})");
        md.AppendLine().AppendLine("## Acceptance").AppendLine();
        md.AppendLine("| check | target | measured | |").AppendLine("|---|---|---|---|");
        foreach (var a in report.Acceptance) md.AppendLine($"| {a.Name} | {a.Target} | {a.Measured} | {(a.Met ? "met" : "**NOT met**")} |");

        md.AppendLine().AppendLine("## Change detection (Glimpse) and the result cache (DeepMon)").AppendLine();
        md.AppendLine("The server's model (`zoo:lenet5`) answers every frame once; the gate on the device decides which frames are sent, the others reuse the last answer.");
        md.AppendLine("Glimpse compares the frame with the last one sent (mean absolute pixel difference); DeepMon's cache compares a 7×7 average-pooled feature.").AppendLine();
        md.AppendLine("| stream | technique | threshold | frames sent | accuracy | every frame | uplink sent | uplink saved |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in report.ChangeDetection)
            md.AppendLine($"| {r.Stream} | {r.Technique} | {F(r.Threshold, 4)} | {P(r.OffloadedFraction)} | {P(r.Accuracy)} | {P(r.AccuracyEveryFrame)} | {r.UplinkBytes / 1e6:0.00} MB | {r.UplinkBytesSaved / 1e6:0.00} MB |");

        md.AppendLine().AppendLine("## Knob allocation (VideoStorm, Chameleon's profile sharing)").AppendLine();
        StreamsAllocationText.Knobs(md, o);
        md.AppendLine($"Capacity = {AllocationStudy.CapacityShare:0.##} × what all streams at their best knobs would cost. Profiles come from");
        md.AppendLine($"each stream's first {o.ProfileFrames} frames; the allocation is scored on the next {o.ProfileFrames} (\"next window\"), the honest figure, and on the");
        md.AppendLine("profiled window (what the allocator optimised). \"Uniform\" is the better of one knob for every stream and the fair split (each stream");
        md.AppendLine("its best knob within capacity / N). Sharing: streams whose busy-frame share is within 15 % of a profiled stream's borrow its profile.").AppendLine();
        md.AppendLine("| knobs | streams | mix | allocator (next window) | uniform (next window) | allocator (profiled) | uniform (profiled) | capacity for uniform's accuracy (next window) | capacity for uniform's accuracy (profiled) | profiles measured (own → shared) | accuracy with shared profiles |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in report.Allocation)
            md.AppendLine($"| {r.KnobSet} | {r.Streams} | {r.Mix} | {P(r.MeanAccuracy)} | {P(r.UniformMeanAccuracy)} | {P(r.ProfiledMeanAccuracy)} | {P(r.ProfiledUniformMeanAccuracy)} | {(double.IsInfinity(r.NextWindowCapacityRatio) ? "> 1×" : F(r.NextWindowCapacityRatio, 2) + "×")} | {F(r.CapacityRatioForUniformAccuracy, 2)}× | {r.ProfilesOwn} → {r.ProfilesShared} | {P(r.SharedMeanAccuracy)} |");
        md.AppendLine().AppendLine("Re-allocation on join or leave is immediate (`KnobScheduler`, tested): a joining stream that resembles a profiled one borrows its profile, any other is profiled once.");
        Periodic(md, report);

        var s = report.Stems;
        md.AppendLine().AppendLine("## Shared stems (Mainstream)").AppendLine();
        md.AppendLine($"Backbone: LeNet-5 trained by Verge's engine ({o.BackboneEpochs} epochs on {(o.TrainLimit == 0 ? 60000 : o.TrainLimit)} images, {P(s.BackboneAccuracy)} on the test set); three applications");
        md.AppendLine($"(ten classes, footwear or not, four coarse classes) fine-tuned {o.HeadEpochs} epochs with the first k layers frozen; k = 0 is three separate models.");
        md.AppendLine($"Frames/s: the engine, one thread, batches of 64, stem once + every head, the fastest of three passes (wall-clock: on a loaded host the MACs column is the steadier guide). Mainstream's chooser for {s.TargetFps:0} frames/s (2× separate) picks k = {s.Chosen.SharedLayers}.").AppendLine();
        md.AppendLine("| k | " + string.Join(" | ", s.Separate.Accuracy.Keys) + " | largest drop | MACs/frame | frames/s |");
        md.AppendLine("|---|" + string.Concat(s.Separate.Accuracy.Keys.Select(_ => "---|")) + "---|---|---|");
        foreach (var r in s.Rows)
            md.AppendLine($"| {r.SharedLayers} | " + string.Join(" | ", r.Accuracy.Select(a => P(a.Value))) + $" | {P(r.Drop.Values.Max())} | {r.MacsPerFrame:N0} | {r.Fps:0} |");

        var p = report.Precog;
        md.AppendLine().AppendLine("## Precog").AppendLine();
        md.AppendLine($"A drifting stream ({p.Frames} frames, three classes at a time, a new subset every 20 s). The edge trains a 784-64-(K+1) perceptron for the");
        md.AppendLine("classes it has seen in the last 300 answers (plus \"other\"), caches it per class set and pushes it; the device answers when the model names");
        md.AppendLine($"one of its classes with confidence ≥ {F(p.Threshold, 3)} (calibrated on a held-out drifting stream), else offloads to `zoo:lenet5`.").AppendLine();
        md.AppendLine("| on the device | accuracy | always offloading | models pushed | bytes pushed | uplink saved |").AppendLine("|---|---|---|---|---|---|");
        md.AppendLine($"| {P(p.LocalFraction)} | {P(p.Accuracy)} | {P(p.AccuracyOffload)} | {p.ModelsPushed} ({p.ModelsTrained} trained) | {p.BytesPushed / 1e6:0.00} MB | {p.UplinkBytesSaved / 1e6:0.00} MB |");
        md.AppendLine().AppendLine(NotesMarker).Append(KeptNotes(path));
        AtomicFile.WriteAllText(path, md.ToString(), "--doc");
    }

    /// <summary>The periodic scheduler (<see cref="AllocationOverTime"/>): every policy at every stream count.</summary>
    private static void Periodic(StringBuilder md, StreamsBenchReport report)
    {
        var o = report.Options;
        int scored = report.Allocation[0].Periodic[0].ScoredWindows;
        md.AppendLine().AppendLine("### Periodic re-profiling (VideoStorm; Chameleon's top-k and sharing)").AppendLine();
        md.AppendLine($"Each stream runs {scored + 1} windows of {o.ProfileFrames} frames. All join and are profiled on window 0; window w is scored with the allocation");
        md.AppendLine("the scheduler chose from windows 0…w−1 only, then the scheduler re-profiles on window w and re-allocates. Uniform is chosen every window");
        md.AppendLine("from the same estimated profiles (the better, on the window's frames, of one knob for all and the fair split). \"Smoothed\": a setting's");
        md.AppendLine("accuracy is the mean of every window it was measured in. Chameleon: a full profile every third window, between them only the");
        md.AppendLine("3 settings of the estimated Pareto frontier nearest the one a stream runs, and it chooses only among them. \"Pooled\": every stream is");
        md.AppendLine("profiled and its estimate averages its alike streams' too. \"On change\": pooled, and a stream whose busy-frame share halves or doubles");
        md.AppendLine($"(relative change over {AllocationOverTime.ChangeTolerance:0.##}) drops its history and takes up that of an unchanged stream it now resembles (else starts afresh). Settings profiled: (stream, setting)");
        md.AppendLine("pairs measured, of all in every window. Peak load: the most the chosen knobs really cost on a scored window's frames, as a share of the");
        md.AppendLine("capacity (the allocation fits its estimated costs; only an exit's cost can differ on the frames). \"Used\": at the least capacity share");
        md.AppendLine("that keeps uniform's accuracy, the most the chosen knobs really cost on a scored window, as a share of the full capacity; the");
        md.AppendLine("acceptance reads the larger of the two.");
        md.AppendLine($"The acceptance reads policy \"{AllocationOverTime.Scheduler}\", knobs \"{report.EightStreams.KnobSet}\", {report.EightStreams.Mix} streams.").AppendLine();
        md.AppendLine("| knobs | streams | mix | policy | scheduler | uniform | gain | worst window's gain | capacity for uniform's accuracy | settings profiled | peak load |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in report.Allocation)
            foreach (var p in r.Periodic)
                md.AppendLine($"| {r.KnobSet} | {r.Streams} | {r.Mix} | {p.Policy} | {P(p.MeanAccuracy)} | {P(p.UniformMeanAccuracy)} | {F(100 * p.Gain, 2)} | {F(100 * p.WorstWindowGain, 2)} | " +
                    $"{(double.IsInfinity(p.CapacityRatio) ? "> 1×" : F(p.CapacityRatio, 2) + "× (used " + F(p.CapacityUsed, 2) + "×)")} | {p.SettingsProfiled} of {p.SettingsProfiledInFull} | {F(p.PeakLoad, 2)}× |");
    }

    /// <summary>The line after which the page is written by hand; a re-run rewrites what is above and keeps the rest.</summary>
    public const string NotesMarker = "<!-- end of the generated page: notes below this line are written by hand and kept by re-runs -->";

    private static string KeptNotes(string path)
    {
        if (!File.Exists(path)) return "";
        var old = File.ReadAllText(path);
        int at = old.IndexOf(NotesMarker, StringComparison.Ordinal);
        return at < 0 ? "" : old[(at + NotesMarker.Length)..].TrimStart('\r', '\n').Insert(0, Environment.NewLine);
    }

    private static string P(double v) => (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private static string F(double v, int digits) => v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
