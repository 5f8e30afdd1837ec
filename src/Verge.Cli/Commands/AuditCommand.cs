using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Models;
using Verge.Learning.Privacy.Audit;
using Verge.Learning.Training;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge audit</c>: membership inference against a trained classifier — the loss-threshold attack (Yeom et al., CSF
/// 2018) and offline LiRA with shadow models (Carlini et al., S&amp;P 2022) — reported as AUC, TPR at 0.1% and 1% FPR,
/// advantage, and a log-scale ROC plot.
/// </summary>
internal static class AuditCommand
{
    private sealed record SubsetReport(string Spec, int Count, double Accuracy);

    private sealed record AttackReport(string Attack, double Auc,
        [property: JsonPropertyName("tpr_at_fpr_0_001")] double TprAtFpr0001, [property: JsonPropertyName("tpr_at_fpr_0_01")] double TprAtFpr001,
        double Advantage);

    private sealed record Report(string Model, SubsetReport Members, SubsetReport NonMembers, int Shadows, string? ShadowModel, int? ShadowEpochs,
        string? Population, double ShadowSeconds, IReadOnlyList<AttackReport> Attacks, string? Plot);

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "the ONNX classifier to audit, or the folder `verge train --out` wrote" };
        var members = new Option<string>("--members") { Description = $"the images the model was trained on: {DataSubset.Form}", Required = true, HelpName = "SPEC" };
        var nonMembers = new Option<string>("--non-members") { Description = "images it never saw, same form (the more, the finer the low-FPR figures)", Required = true, HelpName = "SPEC" };
        var shadows = new Option<int>("--shadows") { Description = "shadow models for offline LiRA (0: the loss attack only)", DefaultValueFactory = _ => 4, HelpName = "K" };
        var shadowModel = new Option<string?>("--shadow-model") { Description = "zoo model the shadows train (default: the one in checkpoint.bin beside the model)", HelpName = "NAME" };
        var shadowEpochs = new Option<int>("--shadow-epochs") { Description = "epochs per shadow (Adam, lr 0.001)", DefaultValueFactory = _ => 20, HelpName = "N" };
        var shadowBatch = new Option<int>("--shadow-batch") { Description = "mini-batch size of the shadows", DefaultValueFactory = _ => 64, HelpName = "N" };
        var population = new Option<string?>("--population") { Description = "images the shadows train on, random halves (default: training images not audited, twice --members)", HelpName = "SPEC" };
        var seed = new Option<int>("--seed") { Description = "seed of the shadows' halves, weights and shuffles", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var threads = new Option<int>("--threads") { Description = "engine and ONNX Runtime threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<string?>("--json") { Description = "write the report as JSON to FILE ('-' for stdout)" };
        var plot = new Option<string?>("--plot") { Description = "write the log-scale ROC curves to a PNG", HelpName = "FILE.png" };

        var command = new Command("audit", "Membership-inference audit of a trained model: loss attack and offline LiRA; AUC, TPR at low FPR, advantage.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { members, nonMembers, shadows, shadowModel, shadowEpochs, shadowBatch, population, seed, data, threads, json, plot })
            command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            int k = r.GetValue(shadows), epochs = r.GetValue(shadowEpochs), batch = r.GetValue(shadowBatch), threadCount = r.GetValue(threads);
            if (k < 0 || k == 1) throw new UsageException("--shadows must be 0 (loss attack only) or at least 2 (LiRA needs a variance)");
            if (epochs < 1) throw new UsageException("--shadow-epochs must be at least 1");
            if (batch < 1) throw new UsageException("--shadow-batch must be at least 1");
            if (threadCount < 1) throw new UsageException("--threads must be at least 1");
            var memberSpec = DataSubset.Parse(r.GetValue(members)!, "--members");
            var nonMemberSpec = DataSubset.Parse(r.GetValue(nonMembers)!, "--non-members");
            if (memberSpec.Overlaps(nonMemberSpec))
                throw new UsageException($"--members {memberSpec} and --non-members {nonMemberSpec} share images; give disjoint subsets (e.g. train[0:1000] and test[0:1000])");
            var populationSpec = r.GetValue(population) is { } p ? DataSubset.Parse(p, "--population") : null;
            if (populationSpec is not null && (populationSpec.Overlaps(memberSpec) || populationSpec.Overlaps(nonMemberSpec)))
                throw new UsageException($"--population {populationSpec} holds audited images; offline LiRA's shadows must never see them");
            var (onnx, checkpoint) = ResolveModel(r.GetValue(model)!);
            string? shadowName = null;
            if (k > 0)
            {
                shadowName = r.GetValue(shadowModel) ?? (File.Exists(checkpoint)
                    ? Checkpoint.ModelName(checkpoint)
                    : throw new UsageException($"no checkpoint.bin beside '{onnx}' names the model to shadow; give --shadow-model NAME or --shadows 0"));
                TrainableZoo.Create(shadowName);
            }

            var train = await FashionMnist.LoadTrainAsync(r.GetValue(data), ct);
            var test = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            ImageDataset Pick(DataSubset s) => s.Split == "train" ? train.Subset(s.Indices(train.Count)) : test.Subset(s.Indices(test.Count));
            var memberData = Pick(memberSpec);
            var nonMemberData = Pick(nonMemberSpec);
            ImageDataset? populationData = null;
            string? populationText = null;
            if (k > 0)
            {
                (populationData, populationText) = populationSpec is null
                    ? DefaultPopulation(train, memberSpec, nonMemberSpec, 2 * memberData.Count)
                    : (Pick(populationSpec), populationSpec.ToString());
                if (populationData.Count < 4) throw new InputException($"population {populationText} holds {populationData.Count} images; shadows need at least 4");
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.MarkupLine(Markup.Escape(Invariant($"auditing {onnx}: {memberData.Count:N0} members ({memberSpec}), {nonMemberData.Count:N0} non-members ({nonMemberSpec})")) +
                (k > 0 ? Markup.Escape(Invariant($"; {k} shadow {shadowName} models, {epochs} epochs each on halves of {populationText}")) : ""));
            var options = new MembershipAudit.Options(k, k > 0 ? new ShadowModels.Recipe(shadowName!, epochs, batch, r.GetValue(seed)) : null, threadCount);
            var result = await MembershipAudit.RunAsync(onnx, memberData, nonMemberData, populationData, options,
                (done, acc) => console.MarkupLine(Markup.Escape(Invariant($"shadow {done}/{k} trained ({acc:P1} on held-out images)"))), ct);

            var plotPath = r.GetValue(plot);
            if (plotPath is not null) AuditPlot.Save(result.Attacks, $"membership inference: {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(onnx)))}", plotPath);
            var report = new Report(onnx, new SubsetReport(memberSpec.ToString(), result.Members, Math.Round(result.MemberAccuracy, 6)),
                new SubsetReport(nonMemberSpec.ToString(), result.NonMembers, Math.Round(result.NonMemberAccuracy, 6)), k, shadowName, k > 0 ? epochs : null,
                populationText, Math.Round(result.ShadowSeconds, 3),
                result.Attacks.Select(a => new AttackReport(a.Attack, Math.Round(a.Auc, 6), a.TprAtFpr0001, a.TprAtFpr001, Math.Round(a.Advantage, 6))).ToList(),
                plotPath);
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-") Print(report);
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    private static (string Onnx, string Checkpoint) ResolveModel(string path)
    {
        var onnx = Directory.Exists(path) ? Path.Combine(path, "model.onnx") : path;
        if (!File.Exists(onnx)) throw new InputException($"model '{onnx}' does not exist; give an ONNX file or the folder verge train --out wrote");
        return (onnx, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(onnx))!, "checkpoint.bin"));
    }

    /// <summary>Training images outside both audited subsets, the first <paramref name="count"/> of them in file order.</summary>
    private static (ImageDataset, string) DefaultPopulation(ImageDataset train, DataSubset members, DataSubset nonMembers, int count)
    {
        bool Audited(int i) => Inside(members, i) || Inside(nonMembers, i);
        var indices = Enumerable.Range(0, train.Count).Where(i => !Audited(i)).Take(count).ToArray();
        if (indices.Length == 0) throw new InputException("every training image is audited; give --population SPEC or --shadows 0");
        return (train.Subset(indices), Invariant($"{indices.Length} training images of {DataSubset.Dataset}:train[{indices[0]}:{indices[^1] + 1}], none audited"));
    }

    private static bool Inside(DataSubset s, int i) => s.Split == "train" && i >= s.Start && i < (s.End ?? int.MaxValue);

    private static void Print(Report report)
    {
        var table = new Table().AddColumns("attack", "AUC", "TPR @ 0.1% FPR", "TPR @ 1% FPR", "advantage");
        foreach (var a in report.Attacks)
            table.AddRow(a.Attack, Invariant($"{a.Auc:F3}"), Invariant($"{a.TprAtFpr0001:P2}"), Invariant($"{a.TprAtFpr001:P2}"), Invariant($"{a.Advantage:F3}"));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(Invariant($"accuracy on members {report.Members.Accuracy:P2}, on non-members {report.NonMembers.Accuracy:P2}") +
            (report.Shadows > 0 ? Invariant($"; {report.Shadows} shadows took {report.ShadowSeconds:F1} s") : "") +
            (report.Plot is null ? "" : $"; wrote {report.Plot}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
