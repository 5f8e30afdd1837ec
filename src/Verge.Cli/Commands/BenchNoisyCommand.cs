using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Learning.Data;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench noisy-features`: noisy features (ARDEN) against ε, each ε with the tail fine-tuned on noisy features
/// and an inversion decoder trained by an attacker on the other half of Fashion-MNIST's training set.
/// </summary>
internal static class BenchNoisyCommand
{
    public static Command Create()
    {
        var d = new NoisyFeatureOptions();
        var shared = new NoisySplitFlags();
        var attacker = new Option<int>("--attacker-images") { Description = "attacker's public images (second half)", DefaultValueFactory = _ => d.AttackerImages };
        var dec = new Option<int>("--decoder-epochs") { Description = "epochs of the attacker's decoder per ε", DefaultValueFactory = _ => d.DecoderEpochs };
        var nullify = new Option<double>("--nullification") { Description = "share of features nullified", DefaultValueFactory = _ => d.Nullification };
        var nullifications = new Option<string?>("--nullifications") { Description = "comma-separated shares nullified, each measured at every ε (a sweep; overrides --nullification)", HelpName = "LIST" };
        var decoders = new Option<string>("--decoders") { Description = "the attacker's decoders (mlp, conv, spatial at a spatial cut); it trains each per ε and keeps the best", DefaultValueFactory = _ => string.Join(',', d.Decoders) };
        var eps = new Option<string>("--epsilons") { Description = "comma-separated ε values", DefaultValueFactory = _ => string.Join(',', d.Epsilons.Select(e => e.ToString(CultureInfo.InvariantCulture))) };
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown (e.g. docs/results/noisy-features.md)", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "write accuracy and PSNR vs ε as PNG", HelpName = "FILE.png" };
        var command = new Command("noisy-features", "Noisy features (ARDEN) vs ε: the tail's accuracy after noisy training and an inversion attack's PSNR/SSIM")
        {
            attacker, dec, nullify, nullifications, decoders, eps, json, markdown, plot,
        };
        foreach (var o in shared.All) command.Options.Add(o);
        command.SetAction(async (r, ct) =>
        {
            var epsilons = new List<double>();
            foreach (var s in r.GetValue(eps)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                epsilons.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e > 0 && double.IsFinite(e)
                    ? e : throw new UsageException($"--epsilons value '{s}' is not a positive number; write e.g. 100,10,1"));
            double p = r.GetValue(nullify);
            if (!(p >= 0 && p <= 0.95)) throw new UsageException($"--nullification {p} must be in [0, 0.95]");
            List<double>? sweep = null;
            if (r.GetValue(nullifications) is { } list)
            {
                sweep = [];
                foreach (var s in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    sweep.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q >= 0 && q <= 0.95
                        ? q : throw new UsageException($"--nullifications value '{s}' is not a share in [0, 0.95]; write e.g. 0,0.1,0.5"));
                if (sweep.Count == 0) throw new UsageException("--nullifications is empty; write e.g. 0,0.1,0.5");
            }
            var decoderList = r.GetValue(decoders)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var o = shared.Apply(r, new NoisyFeatureOptions
            {
                Epsilons = epsilons, Nullification = p, Nullifications = sweep, Decoders = decoderList,
                AttackerImages = CommonOptions.Positive(r.GetValue(attacker), "--attacker-images"),
                DecoderEpochs = CommonOptions.Positive(r.GetValue(dec), "--decoder-epochs"),
            });
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var trainSet = await FashionMnist.LoadTrainAsync(r.GetValue(shared.Data), ct);
            var testSet = await FashionMnist.LoadTestAsync(r.GetValue(shared.Data), ct);
            var load = HostState.LoadAverage();
            var result = NoisyFeatureExperiment.Run(trainSet, testSet, o, Ui.Reporter<string>(s => console.MarkupLine($"[grey]{Markup.Escape(s)}[/]")));
            var meeting = result.Meeting();
            console.MarkupLine(meeting is null
                ? "acceptance (tail within 2 points of clean, PSNR ≥ 6 dB lower): [red]NOT met[/] at any measured ε"
                : $"acceptance (tail within 2 points of clean, PSNR ≥ 6 dB lower): [green]met[/] at ε = {meeting.Epsilon:G}");
            if (r.GetValue(markdown) is { } md) WriteMarkdown(md, o, result, load, r.GetValue(plot));
            if (r.GetValue(plot) is { } png) NoisyPlot.Save(result, png);
            JsonOutput.Write(new
            {
                result.Model, o.CutAfter, result.Features, ClipL1 = result.Clip, Sensitivity = 2 * result.Clip, result.CleanAccuracy,
                CleanAccuracyFineTuned = result.Rows[0].AccuracyFineTuned, o.FineTuneEpochs, o.DecoderEpochs,
                o.Nullification, Nullifications = o.Nullifications ?? [o.Nullification], o.Decoders, o.OwnerImages, o.AttackerImages, o.TestImages, o.TrainHead, Met = meeting is not null, MetAtEpsilon = meeting?.Epsilon,
                Rows = result.Rows.Select(x => new
                {
                    Epsilon = double.IsPositiveInfinity(x.Epsilon) ? (double?)null : x.Epsilon, x.Nullification, x.LaplaceScale,
                    x.AccuracyNoisy, x.AccuracyFineTuned, x.Psnr, x.Ssim, x.AttackAccuracy, x.Decoder,
                    NoiseFree = x.NoiseFree is { } f ? new { f.Decoder, f.Psnr, f.Ssim, AttackAccuracy = f.Accuracy } : null,
                }),
            }, jsonPath, "adversary_weight", o.AdversaryWeight > 0 ? o.AdversaryWeight : null);
        });
        return command;
    }

    private static string Describe(string decoder) => decoder switch
    {
        "mlp" => "mlp: d→512→784",
        "conv" => "conv: d→1024→784 then three 3×3 convolutions (16 channels)",
        "spatial" => "spatial: fully convolutional on the [C, H, W] map, 3×3 conv (32) → upsample to 28×28 → 3×3 conv (32) → 3×3 conv (1), no bottleneck",
        _ => decoder,
    };

    private static string Training(NoisyFeatureOptions o) => o.TrainHead
        ? $"Per ε, head and tail are trained end to end {o.FineTuneEpochs} epochs with the mechanism in the forward pass (noise-aware training of the head; Mao et al. 2018, Shredder){Adversary(o)}, and the attacker's decoders read the new head's features under the same mechanism (white box). The clean row is the original head, its model trained end to end as long on clean features; its attack reads the original head's clean features (what one deploys without privacy), and \"within 2 points\" and \"6 dB\" compare with it."
        : $"The tail is fine-tuned {o.FineTuneEpochs} epochs on fresh noisy features per ε; the clean row's tail gets the same {o.FineTuneEpochs} epochs on clean features, and \"within 2 points\" compares with it.";

    private static string Adversary(NoisyFeatureOptions o) => o.AdversaryWeight > 0
        ? string.Create(CultureInfo.InvariantCulture, $" against a decoder of their own (loss CE − λ·MSE with λ = {o.AdversaryWeight:G}, the decoder trained on the same batches to rebuild the owner's images; adversarial representation learning, Xiao et al., AAAI 2020)")
        : "";

    /// <summary>The row's accuracy below the clean row's, in points, ± the binomial standard error of that gap on the test images.</summary>
    private static string Gap(NoisyFeatureRow? clean, NoisyFeatureRow x, int images) => clean is null || x == clean ? "—"
        : string.Create(CultureInfo.InvariantCulture,
            $"{(clean.AccuracyFineTuned - x.AccuracyFineTuned) * 100:F1} ± {NoisyFeatureResult.GapStandardError(clean.AccuracyFineTuned, x.AccuracyFineTuned, images):F1}");

    private const string Begin = "<!-- verge bench noisy-features: begin (generated; the text outside the markers is kept) -->";
    private const string End = "<!-- verge bench noisy-features: end -->";

    private static void WriteMarkdown(string path, NoisyFeatureOptions o, NoisyFeatureResult result, string? load, string? png)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder().AppendLine(Begin);
        md.AppendLine("Command: `verge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)) + "`").AppendLine();
        md.AppendLine(inv, $"Host loaded (helpers running; load average {load ?? "?"} at start). Accuracy and PSNR do not depend on load; only the time to run does.").AppendLine();
        md.AppendLine(inv, $"Model {result.Model}, cut after body layer {o.CutAfter}: {result.Features} features leave the device. Owner trains on the first {o.OwnerImages} training images, the attacker's decoders ({string.Join(", ", o.Decoders.Select(Describe))}; MSE, inputs rescaled by the known noise level, trained on features made with the same mechanism; the best per row is reported) on {o.AttackerImages} images of the second half, scored on {o.TestImages} test images. ");
        md.AppendLine(inv, $"Mechanism: clip L1 norm to B = {result.Clip:G4} (median clean norm), nullify a share p ({string.Join(", ", (o.Nullifications ?? [o.Nullification]).Select(q => q.ToString("P0", inv)))}), add Laplace(Δ/ε) with Δ = 2B (L1 sensitivity of the clipped vector): ε-local DP per inference. {Training(o)}").AppendLine();
        md.AppendLine(o.TrainHead
            ? "| ε | nullified | Laplace b | clean model under the noise | head + tail trained with the noise (∞: trained as long, clean) | gap to clean ± SE (points) | attack PSNR (dB) | PSNR drop (dB) | attack SSIM | clean model on reconstructions | best decoder | attack on the new head without noise: PSNR / SSIM / accuracy |"
            : "| ε | nullified | Laplace b | tail acc (no fine-tune) | tail acc (fine-tuned: noisy, or clean for ∞) | gap to clean ± SE (points) | attack PSNR (dB) | PSNR drop (dB) | attack SSIM | clean model on reconstructions | best decoder |");
        md.AppendLine(o.TrainHead ? "|---|---|---|---|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|---|---|---|---|");
        var clean = result.Rows.FirstOrDefault(x => double.IsPositiveInfinity(x.Epsilon));
        foreach (var x in result.Rows)
        {
            md.Append(inv, $"| {(double.IsPositiveInfinity(x.Epsilon) ? "∞ (clean)" : x.Epsilon.ToString("G", inv))} | {x.Nullification:P0} | {x.LaplaceScale:G3} | {x.AccuracyNoisy:P1} | {x.AccuracyFineTuned:P1} | {Gap(clean, x, o.TestImages)} | {x.Psnr:F2} | {(clean is null || x == clean ? "—" : (clean.Psnr - x.Psnr).ToString("F2", inv))} | {x.Ssim:F3} | {x.AttackAccuracy:P1} | {x.Decoder} |");
            if (o.TrainHead) md.Append(x.NoiseFree is { } f ? string.Create(inv, $" {f.Psnr:F2} dB / {f.Ssim:F3} / {f.Accuracy:P1} ({f.Decoder}) |") : " (original head: the row above is it) |");
            md.AppendLine();
        }
        var meeting = result.Meeting();
        md.AppendLine().AppendLine(string.Create(inv, $"Standard error: binomial, √(p(1−p)/n) per accuracy on the n = {o.TestImages} test images, the two combined as independent; one image is {100.0 / o.TestImages:G3} points."));
        md.AppendLine().AppendLine(meeting is null
            ? "Acceptance (tail within 2 points of the clean split while PSNR drops ≥ 6 dB): **NOT met** at any measured ε."
            : string.Create(inv, $"Acceptance (tail within 2 points of the clean split while PSNR drops ≥ 6 dB): **met** at ε = {meeting.Epsilon:G}."));
        if (png is not null) md.AppendLine().AppendLine($"![accuracy and PSNR vs ε]({Path.GetFileName(png)})");
        md.AppendLine(End);
        // A page with the markers keeps its hand-written reading around the table; a new page gets a title and the table.
        var page = "# Noisy features vs an inversion attack (issue #13, items 1–2)\n\n" + md;
        bool marked = File.Exists(path) && File.ReadAllText(path).Contains(Begin, StringComparison.Ordinal);
        AtomicFile.WriteAllText(path, marked ? PageSection.Merge(path, md.ToString(), Begin, End, page) : page, "markdown");
    }
}
