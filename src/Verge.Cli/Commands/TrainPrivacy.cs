using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models.Branchy;
using Verge.Learning.Privacy.DpSgd;
using Verge.Learning.Training.Recipes;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge train --dp</c>: DP-SGD (Abadi et al., CCS 2016) with Poisson batches, per-example clipping and Gaussian
/// noise, the ε spent printed after every epoch, stopping where the target would be passed.
/// </summary>
internal sealed class TrainPrivacy
{
    public readonly Option<bool> Dp = new("--dp") { Description = "train with DP-SGD: Poisson batches (q = batch/examples), per-example clipping, Gaussian noise" };
    public readonly Option<double?> TargetEpsilon = new("--target-epsilon") { Description = "with --dp: the ε to spend (tighter RDP conversion); training stops before passing it" };
    public readonly Option<double> Delta = new("--delta") { Description = "with --dp: δ of the (ε, δ) guarantee", DefaultValueFactory = _ => 1e-5 };
    public readonly Option<float> Clip = new("--clip") { Description = "with --dp: per-example gradient norm bound C", DefaultValueFactory = _ => 1f };
    public readonly Option<double?> Noise = new("--noise") { Description = "with --dp: noise multiplier σ (default: the smallest that spends --target-epsilon over --epochs)" };

    // Opacus' secure_mode in reverse: noise and sampling come from OS randomness unless a seed is given, so that a figure
    // in docs/results can be re-made exactly; a seed anyone knows lets them subtract the noise, so deployments leave it out.
    public readonly Option<int?> Seed = new("--dp-seed") { Description = "with --dp: seed the noise and Poisson sampling so a run can be repeated exactly (for papers and tests; a known seed voids the guarantee — leave it out when the model leaves your hands)" };

    public IEnumerable<Option> All => [Dp, TargetEpsilon, Delta, Clip, Noise, Seed];

    private sealed record EpochReport(int Epoch, double Seconds, double TrainLoss, double TestAcc, long Steps, double Epsilon);

    private sealed record PrivacyReport(double Epsilon, double EpsilonClassic, double Delta, double Noise, double Clip, double SampleRate, long Steps, int? NoiseSeed);

    private sealed record Report(string Model, string Technique, string Optimizer, double Lr, int Batch, int Seed, int Threads, int TrainSamples,
        int TestSamples, IReadOnlyList<EpochReport> Epochs, double FinalTestAcc, long Params, string Onnx, string Checkpoint, PrivacyReport Privacy);

    /// <summary>Whether the command asks for DP-SGD; DP flags without --dp are refused.</summary>
    public bool Applies(ParseResult r)
    {
        if (r.GetValue(Dp)) return true;
        foreach (var o in new Option[] { TargetEpsilon, Delta, Clip, Noise, Seed })
            if (r.GetResult(o) is { Implicit: false }) throw new UsageException($"{o.Name} goes with --dp (e.g. verge train --dp --target-epsilon 3 …)");
        return false;
    }

    public async Task<int> RunAsync(ParseResult r, TrainRecipes.Settings s, bool otherRecipe, CancellationToken ct)
    {
        if (otherRecipe || BranchyZoo.Contains(s.Model))
            throw new UsageException("--dp trains a zoo model from scratch; it does not combine with --from, --prune, --teacher or branchy models");
        var target = r.GetValue(TargetEpsilon) ?? throw new UsageException("--dp needs --target-epsilon E (e.g. 3)");
        var privacy = new DpSgdOptions(target, r.GetValue(Delta), r.GetValue(Clip)) { Noise = r.GetValue(Noise), Seed = r.GetValue(Seed) }.Validate();

        using var engineThreads = Parallelism.Use(s.Threads);
        var train = (await FashionMnist.LoadTrainAsync(s.Data, ct)).Take(s.Limit);
        var test = (await FashionMnist.LoadTestAsync(s.Data, ct)).Take(s.Limit);
        var run = DpSgdRun.Prepare(new RecipeOptions(s.Model, s.Epochs, s.Batch, s.Optimizer, s.LearningRate, s.Seed), privacy, train, test);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine(Invariant($"DP-SGD [bold]{run.ModelName}[/] ({run.ParameterCount:N0} parameters) on {train.Count:N0} images: q {run.SampleRate:G4}, ",
                                     $"σ {run.Noise:G4}, C {privacy.Clip:G3}, target (ε {target:G3}, δ {privacy.Delta:G3}); {run.PlannedSteps} steps"));
        var epochs = new List<DpEpoch>();
        foreach (var e in run.Fit(null, ct))
        {
            epochs.Add(e);
            console.WriteLine(Invariant($"epoch {e.Result.Epoch}/{run.PlannedEpochs}: loss {e.Result.TrainLoss:F4}, test {e.Result.TestAccuracy:P2}, ",
                                        $"ε {e.Spent.Epsilon:F3} (δ {privacy.Delta:G3}) after {e.Steps} steps, {e.Result.Seconds:F1} s"));
        }
        Directory.CreateDirectory(s.OutDir);
        var onnxPath = Path.Combine(s.OutDir, "model.onnx");
        var checkpointPath = Path.Combine(s.OutDir, "checkpoint.bin");
        await run.SaveAsync(onnxPath, checkpointPath, ct);
        var last = epochs[^1];
        var report = new Report(run.ModelName, "dp-sgd", s.Optimizer, Math.Round(s.LearningRate, 6), s.Batch, s.Seed, s.Threads, train.Count, test.Count,
            epochs.Select(e => new EpochReport(e.Result.Epoch, Math.Round(e.Result.Seconds, 3), Math.Round(e.Result.TrainLoss, 5), e.Result.TestAccuracy,
                e.Steps, e.Spent.Epsilon)).ToList(),
            last.Result.TestAccuracy, run.ParameterCount, onnxPath, checkpointPath,
            new PrivacyReport(last.Spent.Epsilon, last.Spent.EpsilonClassic, privacy.Delta, run.Noise, Math.Round((double)privacy.Clip, 6), run.SampleRate, last.Steps, privacy.Seed));
        if (s.JsonPath != "-")
            console.MarkupLine(Invariant($"dp-sgd: test accuracy [bold]{report.FinalTestAcc:P2}[/] at (ε {last.Spent.Epsilon:F3}, δ {privacy.Delta:G3}); ",
                                         $"wrote {Markup.Escape(onnxPath)} and {Markup.Escape(checkpointPath)}"));
        await TrainCommand.WriteJsonAsync(report, s.JsonPath, ct);
        return 0;
    }

    private static string Invariant(FormattableString first, FormattableString second) =>
        first.ToString(CultureInfo.InvariantCulture) + second.ToString(CultureInfo.InvariantCulture);
}
