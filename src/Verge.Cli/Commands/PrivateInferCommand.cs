using System.CommandLine;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Cli.Options;
using Verge.Net.Privacy;
using Verge.Net.Security;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge private-infer MODEL --protocol 2pc|he`: Fashion-MNIST test frames classified privately between this
/// process (the device) and an edge party holding the weights — on secret shares with triples from a dealer (2pc),
/// or on Paillier ciphertexts (he); the parties start as child processes unless --edge (and --dealer) name running
/// ones. Compared with plaintext ONNX Runtime on the same frames.
/// </summary>
internal static class PrivateInferCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME (a chain of Conv, Relu, MaxPool, Gemm, Flatten) taking 1x1x28x28 pixels/255" };
        var protocol = new Option<string>("--protocol")
        {
            Description = "2pc: additive secret sharing with Beaver triples (CrypTen-style); he: Paillier encryption, the edge computes on ciphertexts (Gazelle-style ReLU round trips; MLPs only)",
            DefaultValueFactory = _ => "2pc",
        };
        var keyBits = new Option<int>("--key-bits") { Description = "he: bits of the Paillier modulus (≥ 2048 for real use; smaller only in tests)", DefaultValueFactory = _ => 2048 };
        var frames = new Option<int>("--frames") { Description = "Fashion-MNIST test images to classify", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch") { Description = "2pc: frames per protocol batch (1..256); he packs as many frames per ciphertext as the key holds", DefaultValueFactory = _ => 50 };
        var edge = new Option<string?>("--edge") { Description = "URL of a running edge party (verge private-party edge, or he-edge for he); default: start one", HelpName = "URL" };
        var dealer = new Option<string?>("--dealer") { Description = "URL of a running dealer (verge private-party dealer); default: start one", HelpName = "URL" };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var json = new Option<string?>("--json") { Description = "write the result as JSON to FILE ('-' for stdout)" };
        var command = new Command("private-infer", "Classify privately between device and edge processes (secret shares or homomorphic encryption) and compare with plaintext");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { protocol, keyBits, frames, batch, edge, dealer, data, json }) command.Options.Add(o);
        var security = new ClientSecurityOptions();
        security.AddTo(command);
        var partySeed = new PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var which = r.GetValue(protocol);
            if (which is not ("2pc" or "he")) throw new UsageException($"--protocol '{which}' is not one of: 2pc, he");
            int count = r.GetValue(frames), size = r.GetValue(batch);
            if (count is < 1 or > 10000) throw new UsageException("--frames must be 1..10000");
            if (size is < 1 or > SessionHello.MaxBatch) throw new UsageException($"--batch must be 1..{SessionHello.MaxBatch}");
            if (which == "2pc" && r.GetValue(edge) is null != r.GetValue(dealer) is null) throw new UsageException("give both --edge and --dealer, or neither");
            if (which == "he" && r.GetValue(dealer) is not null) throw new UsageException("--dealer is for --protocol 2pc; he needs no dealer");
            int bits = r.GetValue(keyBits);
            if (bits is < HomomorphicHello.MinKeyBits or > HomomorphicHello.MaxKeyBits || bits % 2 != 0)
                throw new UsageException($"--key-bits must be even, {HomomorphicHello.MinKeyBits}..{HomomorphicHello.MaxKeyBits}");
            var name = r.GetValue(model)!;
            var path = zoo.Resolve(name);
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(count);
            var seed = partySeed.Read(r);
            var report = which == "he"
                ? await RunHomomorphicAsync(name, path, test, bits, r.GetValue(edge), security.Read(r), seed, ct)
                : await RunAsync(name, path, test, size, r.GetValue(edge), r.GetValue(dealer), seed, ct, security.Read(r));
            var jsonPath = r.GetValue(json);
            if (jsonPath != "-" && which == "he")
                AnsiConsole.MarkupLine(Markup.Escape($"{name} on {report.Frames} frames: accuracy plain {report.AccuracyPlain:P1}, he {report.AccuracyPrivate:P1}, " +
                    $"max |logit error| {report.MaxAbsLogitError:G3}; {report.KeyBits}-bit Paillier, {report.Batch} frames per ciphertext; " +
                    $"online {report.BytesOnlinePerFrame / 1e6:F2} MB and {report.MsOnlinePerFrame / 1000:F2} s per frame, offline {report.MsOffline / report.Frames / 1000:F2} s per frame"));
            else if (jsonPath != "-")
                AnsiConsole.MarkupLine(Markup.Escape($"{name} on {report.Frames} frames: accuracy plain {report.AccuracyPlain:P1}, 2pc {report.AccuracyPrivate:P1}, " +
                    $"max |logit error| {report.MaxAbsLogitError:G3}; online {report.BytesOnline / 1e6:F1} MB in {report.MsOnline / 1000:F1} s " +
                    $"({report.Rounds} rounds), offline {report.BytesOffline / 1e6:F1} MB in {report.MsOffline / 1000:F1} s, weights' shares {report.BytesSetup / 1e6:F2} MB"));
            await TrainCommand.WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    /// <param name="partySeed">Null: OS randomness everywhere. Else the device's streams and, through their arguments, the dealer's and
    /// edge's it starts come from the seed (parties given by URL draw what they were started with).</param>
    internal static async Task<PrivateInferenceReport> RunAsync(string name, string path, ImageDataset test, int batch, string? edgeUrl, string? dealerUrl,
        int? partySeed, CancellationToken ct, ClientSecurity? security = null)
    {
        // Refused here, by the name the user gave, before any party starts.
        Inference.Privacy.TwoParty.SecureModel.Load(path, name);
        if (edgeUrl is not null && dealerUrl is not null)
            return await PrivateInference.RunAsync(path, name, test.Pixels, test.Labels, batch, edgeUrl, dealerUrl, security, partySeed, ct);
        using var dealer = await PartyProcess.StartAsync("dealer", PartySeedFlag.Args(partySeed), ct);
        using var edge = await PartyProcess.StartAsync("edge", [path, "--dealer", dealer.Url, .. PartySeedFlag.Args(partySeed)], ct);
        return await PrivateInference.RunAsync(path, name, test.Pixels, test.Labels, batch, edge.Url, dealer.Url, null, partySeed, ct);
    }

    internal static async Task<PrivateInferenceReport> RunHomomorphicAsync(string name, string path, ImageDataset test, int keyBits, string? edgeUrl,
        ClientSecurity? security, int? partySeed, CancellationToken ct)
    {
        Inference.Privacy.Homomorphic.HomomorphicModel.Load(path, name);
        if (edgeUrl is not null)
            return await PrivateInference.RunHomomorphicAsync(path, name, test.Pixels, test.Labels, keyBits, edgeUrl, security, partySeed, ct);
        using var edge = await PartyProcess.StartAsync("he-edge", [path, .. PartySeedFlag.Args(partySeed)], ct);
        return await PrivateInference.RunHomomorphicAsync(path, name, test.Pixels, test.Labels, keyBits, edge.Url, null, partySeed, ct);
    }
}
