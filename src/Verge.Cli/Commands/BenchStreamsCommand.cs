using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench streams</c>: change detection and the result cache on the device, knob allocation across streams,
/// shared stems, Precog — on seeded streams built from Fashion-MNIST; docs/results/streams.md (+ PNG) with the command.
/// </summary>
internal static class BenchStreamsCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var d = new StreamsBenchOptions { ModelPath = "" };
        var model = new Option<string>("--model") { Description = "the edge server's classifier", DefaultValueFactory = _ => "zoo:lenet5", HelpName = "MODEL" };
        var variants = new Option<string>("--variants") { Description = "model variants of the knob allocation (comma-separated)", DefaultValueFactory = _ => "zoo:mlp,zoo:lenet5,zoo:cnn-small" };
        var exitModel = new Option<string>("--exit-model") { Description = "early-exit model of the issue's knob set (its exits are knobs)", DefaultValueFactory = _ => "zoo:branchy-lenet5", HelpName = "MODEL" };
        var only = new Option<string?>("--only") { Description = "run one study only and write nothing (to iterate): allocation", HelpName = "STUDY" };
        var frames = new Option<int>("--frames") { Description = "frames of each change-detection stream (and of its held-out twin)", DefaultValueFactory = _ => d.Frames };
        var streams = new Option<string>("--streams") { Description = "stream counts of the knob allocation", DefaultValueFactory = _ => string.Join(',', d.StreamCounts) };
        var window = new Option<int>("--profile-frames") { Description = "frames of each allocation stream's profiling window", DefaultValueFactory = _ => d.ProfileFrames };
        var windows = new Option<int>("--windows") { Description = "profiling windows of each allocation stream that the periodic scheduler lives", DefaultValueFactory = _ => d.AllocationWindows };
        var trainLimit = new Option<int>("--train-limit") { Description = "training images of the stems and Precog's models (0: all 60 000)", DefaultValueFactory = _ => d.TrainLimit };
        var backboneEpochs = new Option<int>("--backbone-epochs") { Description = "epochs of the shared backbone", DefaultValueFactory = _ => d.BackboneEpochs };
        var headEpochs = new Option<int>("--head-epochs") { Description = "fine-tuning epochs of each application", DefaultValueFactory = _ => d.HeadEpochs };
        var timedFrames = new Option<int>("--timed-frames") { Description = "frames timed for the stems' frames/s (three passes each)", DefaultValueFactory = _ => d.TimedFrames };
        var precogFrames = new Option<int>("--precog-frames") { Description = "frames of Precog's drifting stream", DefaultValueFactory = _ => d.PrecogFrames };
        var seed = new Option<int>("--seed") { Description = "seed of every stream and model", DefaultValueFactory = _ => d.Seed };
        var data = new Option<string?>("--data") { Description = "folder with the Fashion-MNIST IDX files" };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results", DefaultValueFactory = _ => "docs/results/streams.md", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "PNG of the studies", DefaultValueFactory = _ => "docs/results/streams.png", HelpName = "FILE.png" };
        var json = CommonOptions.Json();
        var command = new Command("streams", "Streams at the edge: change detection and result reuse, knob allocation, shared stems, Precog; writes docs/results/streams.md")
        {
            model, variants, exitModel, only, frames, streams, window, windows, trainLimit, backboneEpochs, headEpochs, timedFrames, precogFrames, seed, data, doc, plot, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var variantNames = r.GetValue(variants)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (variantNames.Length == 0) throw new UsageException("--variants is empty; give zoo models, e.g. zoo:mlp,zoo:lenet5");
            var counts = r.GetValue(streams)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, out int v) && v > 0 ? v : throw new UsageException($"--streams '{s}' is not a positive count; give e.g. 4,8,12,16")).ToList();
            if (counts.Count == 0) throw new UsageException("--streams is empty; give stream counts, e.g. 4,8,12,16");
            var options = new StreamsBenchOptions
            {
                ModelPath = zoo.Resolve(r.GetValue(model)!),
                Variants = variantNames.ToDictionary(ShortName, v => zoo.Resolve(v)),
                ExitModelPath = zoo.Resolve(r.GetValue(exitModel)!),
                Frames = CommonOptions.Positive(r.GetValue(frames), "--frames"),
                StreamCounts = counts,
                ProfileFrames = CommonOptions.Positive(r.GetValue(window), "--profile-frames"),
                AllocationWindows = r.GetValue(windows) >= 2 ? r.GetValue(windows) : throw new UsageException("--windows must be at least 2 (one to profile, one to score); give e.g. 8"),
                TrainLimit = Math.Max(0, r.GetValue(trainLimit)),
                BackboneEpochs = CommonOptions.Positive(r.GetValue(backboneEpochs), "--backbone-epochs"),
                HeadEpochs = CommonOptions.Positive(r.GetValue(headEpochs), "--head-epochs"),
                TimedFrames = CommonOptions.Positive(r.GetValue(timedFrames), "--timed-frames"),
                PrecogFrames = CommonOptions.Positive(r.GetValue(precogFrames), "--precog-frames"),
                Seed = r.GetValue(seed),
                DataDirectory = r.GetValue(data),
            };
            if (r.GetValue(only) is { } study)
            {
                if (study != "allocation") throw new UsageException($"--only '{study}' is not a study that runs alone; give --only allocation");
                var ui = Ui.For(null);
                var rows = await StreamsBench.RunAllocationAsync(options, line => ui.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct);
                var changing = rows.Any(x => x.Mix == AllocationStudy.Changing) ? StreamsBenchReport.AcceptanceRow(rows, AllocationStudy.Changing) : null;
                var check = StreamsAcceptance.Allocation(StreamsBenchReport.AcceptanceRow(rows, AllocationStudy.Stationary), changing);
                ui.MarkupLine($"{(check.Met ? "[green]met[/]" : "[red]NOT met[/]")}  {Markup.Escape(check.Name)}: {Markup.Escape(check.Measured)}");
                return 0;
            }
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var hostBefore = HostState.Read();
            var report = await StreamsBench.RunAsync(options, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct);
            var host = $"{hostBefore} at the start, {HostState.Read()} at the end";
            if (!JsonOutput.ToStdout(jsonPath)) StreamsReport.Render(console, report);
            var plotPath = r.GetValue(plot);
            StreamsReport.WriteMarkdown(r.GetValue(doc)!, report, commandLine, host, plotPath);
            if (plotPath is not null) StreamsPlot.Save(report, plotPath);
            JsonOutput.Write(StreamsDocument.From(report, commandLine, host), jsonPath);
            return 0;
        });
        return command;
    }

    private static string ShortName(string model) =>
        ModelZoo.IsZooName(model) ? model[ModelZoo.Prefix.Length..] : Path.GetFileNameWithoutExtension(model);
}
