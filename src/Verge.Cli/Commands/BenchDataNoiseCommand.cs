using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Privacy.Bench;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench data-noise`: training-data noise (Zhang et al. 2018) against the membership audit — per noise level,
/// a model trained on device-perturbed members, its test accuracy and the attacks' AUC and advantage on the clean members.
/// </summary>
internal static class BenchDataNoiseCommand
{
    public static Command Create()
    {
        var d = new DataNoiseBenchOptions();
        var levels = new Option<string>("--levels") { Description = "comma-separated noise std levels (pixels in [0, 1])", DefaultValueFactory = _ => string.Join(',', d.Levels.Select(l => l.ToString(CultureInfo.InvariantCulture))) };
        var copies = new Option<int>("--data-noise-copies") { Description = "independently noised copies of each member", DefaultValueFactory = _ => d.Copies };
        var model = new Option<string>("--model") { Description = "trainable zoo model audited", DefaultValueFactory = _ => d.Model };
        var members = new Option<int>("--members") { Description = "members: the first N training images", DefaultValueFactory = _ => d.Members };
        var nonMembers = new Option<int>("--non-members") { Description = "non-members: the next N training images", DefaultValueFactory = _ => d.NonMembers };
        var epochs = new Option<int>("--epochs") { Description = "training epochs per level (Adam 0.001, batch 64)", DefaultValueFactory = _ => d.Epochs };
        var shadows = new Option<int>("--shadows") { Description = "shadow models for offline LiRA per level (0: loss attack only)", DefaultValueFactory = _ => d.Shadows };
        var shadowEpochs = new Option<int>("--shadow-epochs") { Description = "epochs of each shadow model", DefaultValueFactory = _ => d.ShadowEpochs };
        var testLimit = new Option<int>("--test-limit") { Description = "test images for the accuracy (0: all)", DefaultValueFactory = _ => d.TestLimit };
        var seed = new Option<int>("--seed") { Description = "seed of weights, shuffling and noise", DefaultValueFactory = _ => d.Seed };
        var threads = new Option<int>("--threads") { Description = "engine and ONNX Runtime threads", DefaultValueFactory = _ => d.Threads };
        var work = new Option<string>("--work") { Description = "folder for the audited models", DefaultValueFactory = _ => d.WorkDirectory };
        var data = new Option<string?>("--data") { Description = "folder with the Fashion-MNIST IDX files" };
        var json = CommonOptions.Json();
        var plot = new Option<string?>("--plot") { Description = "write test accuracy and attack AUC vs noise level as PNG", HelpName = "FILE.png" };
        var command = new Command("data-noise", "Training-data noise (Zhang et al. 2018) vs test accuracy and the membership audit");
        foreach (var o in new Option[] { levels, copies, model, members, nonMembers, epochs, shadows, shadowEpochs, testLimit, seed, threads, work, data, json, plot })
            command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var list = new List<double>();
            foreach (var s in r.GetValue(levels)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                list.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= 0 && x <= 10
                    ? x : throw new UsageException($"--levels value '{s}' is not a noise std in [0, 10]; write e.g. 0,0.25,0.5"));
            if (list.Count == 0) throw new UsageException("--levels is empty; write e.g. 0,0.25,0.5");
            var options = d with
            {
                Levels = list, Copies = r.GetValue(copies), Model = r.GetValue(model)!, Members = r.GetValue(members), NonMembers = r.GetValue(nonMembers),
                Epochs = r.GetValue(epochs), Shadows = r.GetValue(shadows), ShadowEpochs = r.GetValue(shadowEpochs), TestLimit = r.GetValue(testLimit),
                Seed = r.GetValue(seed), Threads = r.GetValue(threads), WorkDirectory = r.GetValue(work)!, DataDirectory = r.GetValue(data),
            };
            Learning.Models.TrainableZoo.Create(options.Model);
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var load = HostState.LoadAverage();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var rows = await new DataNoiseBench(options, Ui.Reporter<string>(s => console.MarkupLine($"[grey]{Markup.Escape(s)}[/]"))).RunAsync(ct);
            var table = new Table().AddColumns("noise std", "test acc", "members acc", "non-members acc", "attack", "AUC", "advantage", "TPR@1% FPR");
            foreach (var row in rows)
                foreach (var a in row.Attacks)
                    table.AddRow($"{row.Scale:G3}", $"{row.TestAccuracy:P2}", $"{row.MemberAccuracy:P2}", $"{row.NonMemberAccuracy:P2}", a.Attack,
                        $"{a.Auc:F3}", $"{a.Advantage:F3}", $"{a.TprAtFpr001:P2}");
            console.Write(table);
            if (r.GetValue(plot) is { } png) DataNoisePlot.Save(rows, options.Model, png);
            JsonOutput.Write(new { options.Model, options.Members, options.NonMembers, options.Epochs, options.Copies, options.Shadows, LoadAverage = load,
                Seconds = watch.Elapsed.TotalSeconds, Rows = rows }, jsonPath);
            return 0;
        });
        return command;
    }
}
