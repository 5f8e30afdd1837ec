using System.CommandLine;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Net.Privacy;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge private-infer MODEL --protocol 2pc`: Fashion-MNIST test frames classified on secret shares between this
/// process (the device) and an edge party holding the weights, with triples from a dealer; both start as child
/// processes unless --edge and --dealer name running ones. Compared with plaintext ONNX Runtime on the same frames.
/// </summary>
internal static class PrivateInferCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME (a chain of Conv, Relu, MaxPool, Gemm, Flatten) taking 1x1x28x28 pixels/255" };
        var protocol = new Option<string>("--protocol") { Description = "2pc: additive secret sharing with Beaver triples (CrypTen-style)", DefaultValueFactory = _ => "2pc" };
        var frames = new Option<int>("--frames") { Description = "Fashion-MNIST test images to classify", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch") { Description = "frames per protocol batch (1..256)", DefaultValueFactory = _ => 50 };
        var edge = new Option<string?>("--edge") { Description = "URL of a running edge party (verge private-party edge); default: start one", HelpName = "URL" };
        var dealer = new Option<string?>("--dealer") { Description = "URL of a running dealer (verge private-party dealer); default: start one", HelpName = "URL" };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var json = new Option<string?>("--json") { Description = "write the result as JSON to FILE ('-' for stdout)" };
        var command = new Command("private-infer", "Classify on secret shares between device and edge processes (two-party inference) and compare with plaintext");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { protocol, frames, batch, edge, dealer, data, json }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (r.GetValue(protocol) != "2pc") throw new UsageException($"--protocol '{r.GetValue(protocol)}' is not one of: 2pc");
            int count = r.GetValue(frames), size = r.GetValue(batch);
            if (count is < 1 or > 10000) throw new UsageException("--frames must be 1..10000");
            if (size is < 1 or > SessionHello.MaxBatch) throw new UsageException($"--batch must be 1..{SessionHello.MaxBatch}");
            if (r.GetValue(edge) is null != r.GetValue(dealer) is null) throw new UsageException("give both --edge and --dealer, or neither");
            var name = r.GetValue(model)!;
            var path = zoo.Resolve(name);
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(count);
            var report = await RunAsync(name, path, test, size, r.GetValue(edge), r.GetValue(dealer), ct);
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-")
                AnsiConsole.MarkupLine(Markup.Escape($"{name} on {report.Frames} frames: accuracy plain {report.AccuracyPlain:P1}, 2pc {report.AccuracyPrivate:P1}, " +
                    $"max |logit error| {report.MaxAbsLogitError:G3}; online {report.BytesOnline / 1e6:F1} MB in {report.MsOnline / 1000:F1} s " +
                    $"({report.Rounds} rounds), offline {report.BytesOffline / 1e6:F1} MB in {report.MsOffline / 1000:F1} s, weights' shares {report.BytesSetup / 1e6:F2} MB"));
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    internal static async Task<PrivateInferenceReport> RunAsync(string name, string path, ImageDataset test, int batch, string? edgeUrl, string? dealerUrl,
        CancellationToken ct)
    {
        // Refused here, by the name the user gave, before any party starts.
        Inference.Privacy.TwoParty.SecureModel.Load(path, name);
        if (edgeUrl is not null && dealerUrl is not null)
            return await PrivateInference.RunAsync(path, name, test.Pixels, test.Labels, batch, edgeUrl, dealerUrl, ct);
        using var dealer = await PartyProcess.StartAsync("dealer", [], ct);
        using var edge = await PartyProcess.StartAsync("edge", [path, "--dealer", dealer.Url], ct);
        return await PrivateInference.RunAsync(path, name, test.Pixels, test.Labels, batch, edge.Url, dealer.Url, ct);
    }
}
