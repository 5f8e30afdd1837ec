using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Models;
using Verge.Net.Benchmarks.Codecs;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench codecs`: FedAvg with every update codec of the sweep on issue #18's setting, each run to the largest
/// of --rounds and reported at each; docs/results/codecs.md + a PNG of accuracy against cumulative uplink bytes.
/// </summary>
internal static class BenchCodecsCommand
{
    public static Command Create()
    {
        var d = new CodecSweepSettings();
        var codecs = new Option<string>("--codecs") { Description = $"comma-separated codecs ({CodecSpec.Help}); fp32, the baseline, is always run", DefaultValueFactory = _ => string.Join(',', d.Codecs) };
        var rounds = new Option<string>("--rounds") { Description = "comma-separated rounds to report; each codec runs to the largest", DefaultValueFactory = _ => string.Join(',', d.Rounds) };
        var clients = new Option<int>("--clients") { Description = "simulated clients", DefaultValueFactory = _ => d.Clients };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet α of the non-IID split (0: IID)", DefaultValueFactory = _ => d.Alpha };
        var model = new Option<string>("--model") { Description = "trainable zoo model", DefaultValueFactory = _ => d.Model };
        var seed = new Option<int>("--seed") { Description = "seed of weights, split and devices", DefaultValueFactory = _ => d.Seed };
        var testLimit = new Option<int>("--test-limit") { Description = "evaluate on the first N test images (0: all 10 000)", DefaultValueFactory = _ => d.TestLimit };
        var threads = new Option<int>("--threads") { Description = "engine threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var data = new Option<string?>("--data") { Description = $"Fashion-MNIST folder (default {FashionMnist.DefaultDirectory})" };
        var runs = new Option<string>("--runs") { Description = "folder for each codec's `fl simulate`-style JSON", DefaultValueFactory = _ => "docs/results/codecs", HelpName = "DIR" };
        var reuse = new Option<bool>("--reuse") { Description = "read a codec's run back from --runs when it matches the setting instead of running it (resumes a sweep)" };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results", DefaultValueFactory = _ => "docs/results/codecs.md", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "PNG of accuracy vs rounds and vs cumulative uplink", DefaultValueFactory = _ => "docs/results/codecs.png", HelpName = "FILE.png" };
        var json = CommonOptions.Json();
        var command = new Command("codecs", "Update codecs on FedAvg (issue #18's setting): accuracy vs uplink bytes against fp32; writes docs/results/codecs.md")
        {
            codecs, rounds, clients, alpha, model, seed, testLimit, threads, data, runs, reuse, doc, plot, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var list = r.GetValue(codecs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            foreach (var c in list) CodecSpec.Parse(c);
            if (!list.Contains(CodecSweep.Baseline)) list.Insert(0, CodecSweep.Baseline);
            var roundList = r.GetValue(rounds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => int.TryParse(t, out int v) && v is > 0 and <= 100_000 ? v : throw new UsageException($"--rounds '{t}' is not a round count in 1..100000; give e.g. 10,20,30"))
                .Distinct().Order().ToList();
            if (roundList.Count == 0) throw new UsageException("--rounds is empty; give rounds, e.g. 10,20,30");
            var s = new CodecSweepSettings
            {
                Codecs = list, Rounds = roundList, Clients = CommonOptions.Positive(r.GetValue(clients), "--clients"), Alpha = r.GetValue(alpha),
                Model = r.GetValue(model)!, Seed = r.GetValue(seed), TestLimit = r.GetValue(testLimit),
            };
            TrainableZoo.Create(s.Model);
            using var engineThreads = Parallelism.Use(CommonOptions.Positive(r.GetValue(threads), "--threads"));
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var hostBefore = HostState.Read();
            var train = await FashionMnist.LoadTrainAsync(r.GetValue(data), ct);
            var test = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            var dir = r.GetValue(runs)!;
            var reports = new List<SimulationReport>();
            var reused = new List<string>();
            foreach (var codec in list)
            {
                var file = Path.Combine(dir, CodecSweep.FileName(codec));
                if (r.GetValue(reuse) && File.Exists(file) && FlPlotCommand.Read(file) is var saved && CodecSweep.Matches(saved, codec, s))
                {
                    console.MarkupLine($"[grey]{Markup.Escape(codec)}: read back from {Markup.Escape(file)}[/]");
                    reports.Add(saved);
                    reused.Add(codec);
                    continue;
                }
                console.MarkupLine($"[grey]{Markup.Escape(CodecSweep.SimulateCommand(codec, s))}[/]");
                var report = new FederatedSimulation(CodecSweep.Options(codec, s), train, test).Run(x =>
                    console.MarkupLine($"[grey]  {Markup.Escape(codec)} round {x.Round,3}: test {x.TestAcc:P2}  up {Ui.Bytes(x.UplinkBytes)}[/]"), ct);
                Directory.CreateDirectory(dir);
                AtomicFile.WriteAllText(file, JsonSerializer.Serialize(report, JsonOutput.Options) + Environment.NewLine, "JSON to");
                reports.Add(report);
            }
            var rows = CodecSweep.Rows(reports, s.Rounds);
            var table = new Table().AddColumns("codec", "round", "test acc", "Δ points", "uplink", "× fewer", "≥100× at ≤1 pt");
            foreach (var x in rows)
                table.AddRow(Markup.Escape(x.Codec), $"{x.Round}", $"{x.TestAcc:P2}", $"{x.DeltaPoints:+0.00;-0.00;0.00}", Ui.Bytes(x.UplinkBytes), $"{x.Reduction:F1}",
                    x.Codec == CodecSweep.Baseline ? "" : x.MeetsTarget ? "[green]yes[/]" : "no");
            console.Write(table);
            var best = CodecSweep.Best(rows, s.MaxRounds);
            console.MarkupLine(best is null ? "acceptance (≥ 100× at ≤ 1 point): [red]NOT reached[/]" : $"acceptance (≥ 100× at ≤ 1 point): [green]reached[/] by {Markup.Escape(best.Codec)}");
            var host = $"{hostBefore} at the start, {HostState.Read()} at the end";
            var plotPath = r.GetValue(plot);
            CodecsReport.WriteMarkdown(r.GetValue(doc)!, s, reports, rows, commandLine, host, reused, plotPath);
            if (plotPath is not null) FederatedPlot.Save(reports, plotPath);
            JsonOutput.Write(new
            {
                s.Clients, s.Alpha, s.Model, s.Seed, s.TestLimit, s.Rounds, Codecs = list, CommandLine = commandLine, Host = host, Reused = reused,
                Met = best is not null, MetBy = best?.Codec, Rows = rows,
            }, jsonPath);
            return 0;
        });
        return command;
    }
}
