using System.Diagnostics;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated;
using Verge.Learning.Federated.SecureAggregation;
using Verge.Learning.Federated.Simulation;
using Verge.Learning.Privacy.Accounting;
using Verge.Learning.Privacy.Audit;
using Verge.Learning.Privacy.DpFedAvg;
using Verge.Learning.Privacy.DpSgd;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Privacy.Bench;

/// <summary>
/// The privacy study of issue #12 in one run: DP-SGD's accuracy against ε and its epoch cost; DP-FedAvg at a fixed ε
/// for few and many clients, plain and under secure aggregation (bytes and time per round); and the
/// membership-inference audit of an overfit model against its DP twin.
/// </summary>
public sealed class PrivacyBench(PrivacyBenchOptions options, IProgress<string>? progress = null)
{
    public async Task<PrivacyBenchResult> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        using var threads = Parallelism.Use(options.Threads);
        var train = await FashionMnist.LoadTrainAsync(options.DataDirectory, ct);
        var test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.TestLimit);
        var (points, cost) = DpSgdSweep(train.Take(options.DpTrainLimit), test, ct);
        var federated = Federated(train.Take(options.FlTrainLimit), test, ct);
        var audit = await AuditAsync(train, test, ct);
        return new PrivacyBenchResult(options, points, cost, federated, audit, watch.Elapsed.TotalSeconds);
    }

    private void Say(string line) => progress?.Report(line);

    private (List<DpSgdPoint>, EpochCost) DpSgdSweep(ImageDataset train, ImageDataset test, CancellationToken ct)
    {
        using var plain = TrainingRun.Prepare(new RecipeOptions(options.DpModel, 1, options.DpBatch, "sgd", 0.1f, options.Seed), train, test);
        var epoch = plain.Fit(null, ct).Single();
        Say($"plain epoch of {options.DpModel}: {epoch.Seconds:F1} s, test {epoch.TestAccuracy:P2}");
        var points = new List<DpSgdPoint>();
        var dpSeconds = new List<double>();
        foreach (double eps in options.Epsilons)
        {
            var recipe = new RecipeOptions(options.DpModel, options.DpEpochs, options.DpBatch, "sgd", options.DpLearningRate, options.Seed);
            var run = DpSgdRun.Prepare(recipe, new DpSgdOptions(eps, options.Delta, options.DpClip) { Seed = options.DpSeed }, train, test);
            var epochs = run.Fit(null, ct).ToList();
            var last = epochs[^1];
            // Only full epochs count towards the cost: the last one may be cut short where ε would pass the target.
            var full = epochs.Where(e => e.Steps % run.StepsPerEpoch == 0 || e == epochs[0]).Select(e => e.Result.Seconds).ToList();
            dpSeconds.AddRange(full);
            points.Add(new DpSgdPoint(eps, last.Spent.Epsilon, last.Spent.EpsilonClassic, run.Noise, run.SampleRate, last.Steps, epochs.Count,
                last.Result.TestAccuracy, full.Average()));
            Say($"DP-SGD ε {eps:G3}: test {last.Result.TestAccuracy:P2}, σ {run.Noise:G4}, {last.Steps} steps, {full.Average():F1} s an epoch");
        }
        return (points, new EpochCost(options.DpModel, options.DpBatch, epoch.Seconds, dpSeconds.Average(), epoch.TestAccuracy));
    }

    private List<FlPoint> Federated(ImageDataset train, ImageDataset test, CancellationToken ct)
    {
        var points = new List<FlPoint>();
        foreach (int n in options.Clients)
        {
            double q = Math.Min(0.5, (double)options.Cohort / n);
            double z = NoiseCalibration.NoiseFor(options.FlEpsilon, q, options.Rounds, options.Delta);
            foreach (var mode in new[] { "none", "dp", "dp+secagg" })
            {
                ct.ThrowIfCancellationRequested();
                var sim = new SimulationOptions(options.FlModel, n, "fedavg", "fp32", options.Rounds)
                {
                    Settings = new StrategySettings
                    {
                        Fit = new FitConfig(options.LocalSteps, options.LocalBatch, options.LocalLearningRate), Seed = options.Seed, Fraction = q,
                    },
                    Alpha = null,
                    SecureAggregation = mode == "dp+secagg" ? new SecAggOptions(Neighbours: options.SecAggNeighbours) : null,
                    Dp = mode == "none" ? null : new DpFedAvgOptions(z, options.FlClip, options.Delta) { Seed = options.Seed },
                };
                var report = new FederatedSimulation(sim, train, test).Run(null, ct);
                var rounds = report.Rounds;
                var point = new FlPoint(n, mode, q, mode == "none" ? null : z, report.Privacy?.Epsilon, rounds.Count, report.FinalTestAcc,
                    rounds.Average(r => (double)r.UplinkBytes), rounds.Average(r => r.WallSeconds), rounds.Average(r => (double)r.Participants),
                    rounds.Count(r => r.Note is not null));
                points.Add(point);
                Say($"{n} clients, {mode}: test {point.TestAccuracy:P2}" + (point.Epsilon is { } e ? $" at ε {e:F3}, z {z:G4}" : "") +
                    $", q {q:G3}, {point.UplinkBytesPerRound / 1024:F0} KiB up and {point.WallSecondsPerRound:F2} s a round");
            }
        }
        return points;
    }

    private async Task<List<AuditRow>> AuditAsync(ImageDataset train, ImageDataset test, CancellationToken ct)
    {
        int m = options.Members, k = options.NonMembers;
        if (m + k + 3 * m > train.Count) throw new ArgumentException($"{m} members and {k} non-members leave too few training images for the shadows");
        var members = train.Take(m);
        var nonMembers = train.Subset(Enumerable.Range(m, k).ToArray());
        var population = train.Subset(Enumerable.Range(m + k, 2 * m).ToArray());
        var control = train.Subset(Enumerable.Range(m + k + 2 * m, m).ToArray());
        string membersText = $"train[0:{m}]", nonMembersText = $"train[{m}:{m + k}]";
        var folder = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, "audit")).FullName;

        string overfit = Path.Combine(folder, "overfit.onnx"), twin = Path.Combine(folder, "dp.onnx");
        using (var run = TrainingRun.Prepare(new RecipeOptions("mlp", options.OverfitEpochs, 64, "adam", 0.001f, options.Seed), members, test))
        {
            foreach (var _ in run.Fit(null, ct)) { }
            await run.SaveAsync(overfit, Path.ChangeExtension(overfit, ".ckpt"), ct);
        }
        var dp = DpSgdRun.Prepare(new RecipeOptions("mlp", options.TwinEpochs, 128, "sgd", 0.02f, options.Seed),
            new DpSgdOptions(options.TwinEpsilon, options.Delta, 1f) { Seed = options.DpSeed }, members, test);
        var spent = dp.Fit(null, ct).Last().Spent;
        await dp.SaveAsync(twin, Path.ChangeExtension(twin, ".ckpt"), ct);
        Say($"trained the overfit mlp and its DP twin (ε {spent.Epsilon:F3}) on {membersText}");

        var lira = new MembershipAudit.Options(options.Shadows, new ShadowModels.Recipe("mlp", options.ShadowEpochs, 64, options.Seed), options.Threads);
        var rows = new List<AuditRow>();
        async Task Audit(string name, string path, double? eps, ImageDataset who, string whoText, MembershipAudit.Options how)
        {
            var result = await MembershipAudit.RunAsync(path, who, nonMembers, population, how, null, ct);
            rows.Add(new AuditRow(name, eps, whoText, nonMembersText, result.MemberAccuracy, result.NonMemberAccuracy,
                result.Attacks.Select(AttackSummary.From).ToList()));
            Say($"audit {name}: " + string.Join(", ", result.Attacks.Select(a => $"{a.Attack} advantage {a.Advantage:F3}, TPR@0.1% {a.TprAtFpr0001:P2}")));
        }
        await Audit("overfit", overfit, null, members, membersText, lira);
        await Audit("dp", twin, spent.Epsilon, members, membersText, lira);
        // Never-seen images audited as members: what the statistic shows when there is nothing to find (its chance floor).
        await Audit("control", overfit, null, control, $"train[{3 * m + k}:{4 * m + k}] (never seen)", lira with { Shadows = 0 });
        return rows;
    }
}
