using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;
using Verge.Learning.Data;
using Verge.Learning.Privacy.SecureMl;
using Verge.Net.Privacy;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge private-train`: SecureML two-server training. This process is the data owner: it secret-shares a binary
/// Fashion-MNIST task into one file per server, starts a dealer and the two server processes (they train on
/// shares over gRPC), rebuilds the weights from their shares and scores them against a plaintext baseline.
/// </summary>
internal static class PrivateTrainCommand
{
    public static Command Create()
    {
        var classes = new Option<string>("--classes") { Description = "the binary task: class A (label 0) and class B (label 1), e.g. 7,9 (sneaker vs ankle boot)", DefaultValueFactory = _ => "7,9" };
        var limit = new Option<int>("--train") { Description = "training rows of the two classes (0: all 12,000)", DefaultValueFactory = _ => 0 };
        var testLimit = new Option<int>("--test") { Description = "test rows of the two classes (0: all 2,000)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var json = new Option<string?>("--json") { Description = "write the result as JSON to FILE ('-' for stdout)" };
        var fault = new Option<string?>("--fault") { Description = $"make server 1 misbehave, for tests: {string.Join(", ", PartyFault.Names)}", Hidden = true };
        var training = new SecureMlFlags();
        var command = new Command("private-train", "Train logistic regression or an MLP on secret shares between two server processes (SecureML)");
        foreach (var o in new Option[] { classes, limit, testLimit, data, json, fault }) command.Options.Add(o);
        training.AddTo(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var o = training.Read(r);
            var pair = r.GetValue(classes)!.Split(',');
            if (pair.Length != 2 || !int.TryParse(pair[0], out int a) || !int.TryParse(pair[1], out int b) || a == b || a is < 0 or > 9 || b is < 0 or > 9)
                throw new UsageException("--classes must be two different Fashion-MNIST labels 0..9, e.g. 7,9");
            var train = PrivateTraining.Binary(await FashionMnist.LoadTrainAsync(r.GetValue(data), ct), a, b, Math.Max(0, r.GetValue(limit)));
            var test = PrivateTraining.Binary(await FashionMnist.LoadTestAsync(r.GetValue(data), ct), a, b, Math.Max(0, r.GetValue(testLimit)));
            if (train.Rows < o.Batch) throw new UsageException($"--train gives {train.Rows} rows, fewer than one --batch of {o.Batch}");
            if (r.GetValue(fault) is { } f && !PartyFault.Names.Contains(f))
                throw new UsageException($"--fault must be one of: {string.Join(", ", PartyFault.Names)}");
            var report = await RunAsync(o, training.Args(r).ToArray(), a, b, train, test, partySeed.Read(r), ct, r.GetValue(fault));
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-")
                AnsiConsole.MarkupLine(Markup.Escape($"{o.Model} on classes {a} vs {b} ({train.Rows} rows, {o.Epochs} epochs): test accuracy plain {report.AccuracyPlain:P1} (piecewise sigmoid {report.AccuracyPlainPiecewise:P1}), " +
                    $"on shares {report.AccuracyPrivate:P1}; between servers {report.BytesOnline / 1e6:F1} MB in {report.MsOnline / 1000:F1} s, " +
                    $"dealer {report.BytesOffline / 1e6:F1} MB in {report.MsOffline / 1000:F1} s"));
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    internal static async Task<PrivateTrainingReport> RunAsync(SecureMlOptions o, string[] flags, int a, int b, PrivateTraining.Task train,
        PrivateTraining.Task test, int? partySeed, CancellationToken ct, string? fault = null)
    {
        var folder = Directory.CreateTempSubdirectory("verge-secureml-").FullName;
        try
        {
            string s0, s1;
            using (var random = RandomSource.For(partySeed, "data owner", "row shares")) (s0, s1) = PrivateTraining.WriteShares(train, folder, random);
            var seed = PartySeedFlag.Args(partySeed);
            string out0 = Path.Combine(folder, "weights0.bin"), out1 = Path.Combine(folder, "weights1.bin");
            using var dealer = await PartyProcess.StartAsync("dealer", seed, ct);
            using var server1 = await PartyProcess.StartAsync("trainer", ["--party", "1", "--shares", s1, "--out", out1, "--dealer", dealer.Url, .. flags, .. seed,
                .. (fault is null ? (string[])[] : ["--fault", fault])], ct, "trainer 1 listening on ");
            using var server0 = await PartyProcess.StartAsync("trainer", ["--party", "0", "--shares", s0, "--out", out0, "--dealer", dealer.Url,
                "--peer", server1.Url, .. flags, .. seed], ct, "trainer 0 started");
            await server0.ExitAsync("server 0", ct);
            await server1.ExitAsync("server 1", ct);
            var stats = JsonSerializer.Deserialize<TrainingParty.Outcome>(await File.ReadAllTextAsync(out0 + ".json", ct))
                ?? throw new InputException("server 0 wrote no statistics");
            return PrivateTraining.Report(o, a, b, train, test, ShareFile.ReadWords(out0), ShareFile.ReadWords(out1), stats);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
