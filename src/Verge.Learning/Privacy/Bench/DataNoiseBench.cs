using System.Diagnostics;
using System.Globalization;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Privacy.Audit;
using Verge.Learning.Privacy.DataNoise;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Privacy.Bench;

/// <summary>
/// Training-data noise against the membership audit (Zhang et al. 2018; audit of issue #12): for each noise level
/// the device perturbs its members before training, the model (Adam 0.001, batch 64) trains on the perturbed
/// images only, and the audit asks which of the clean members it has seen, against never-seen training images.
/// </summary>
public sealed class DataNoiseBench(DataNoiseBenchOptions options, IProgress<string>? progress = null)
{
    public async Task<IReadOnlyList<DataNoiseRow>> RunAsync(CancellationToken ct = default)
    {
        using var threads = Parallelism.Use(options.Threads);
        var train = await FashionMnist.LoadTrainAsync(options.DataDirectory, ct);
        var test = (await FashionMnist.LoadTestAsync(options.DataDirectory, ct)).Take(options.TestLimit);
        int m = options.Members, k = options.NonMembers;
        if (m + k + 2 * m > train.Count) throw new ArgumentException($"{m} members and {k} non-members leave too few training images for the shadows");
        var members = train.Take(m);
        var nonMembers = train.Subset(Enumerable.Range(m, k).ToArray());
        var population = train.Subset(Enumerable.Range(m + k, 2 * m).ToArray());
        var folder = Directory.CreateDirectory(options.WorkDirectory).FullName;
        var audit = new MembershipAudit.Options(options.Shadows, new ShadowModels.Recipe(options.Model, options.ShadowEpochs, 64, options.Seed), options.Threads);
        var rows = new List<DataNoiseRow>();
        foreach (double scale in options.Levels)
        {
            var watch = Stopwatch.StartNew();
            var seen = DataObfuscation.Perturb(members, new DataNoiseOptions(scale, options.Copies, options.Seed));
            string onnx = Path.Combine(folder, $"noise-{scale.ToString("G4", CultureInfo.InvariantCulture)}.onnx");
            double accuracy = 0;
            using (var run = TrainingRun.Prepare(new RecipeOptions(options.Model, options.Epochs, 64, "adam", 0.001f, options.Seed), seen, test))
            {
                foreach (var epoch in run.Fit(null, ct)) accuracy = epoch.TestAccuracy;
                await run.SaveAsync(onnx, Path.ChangeExtension(onnx, ".ckpt"), ct);
            }
            double seconds = watch.Elapsed.TotalSeconds;
            var result = await MembershipAudit.RunAsync(onnx, members, nonMembers, population, audit, null, ct);
            var row = new DataNoiseRow(scale, options.Copies, accuracy, result.MemberAccuracy, result.NonMemberAccuracy,
                result.Attacks.Select(AttackSummary.From).ToList(), seconds);
            rows.Add(row);
            progress?.Report($"noise {scale:G3}: test {accuracy:P2}, members {row.MemberAccuracy:P2}, non-members {row.NonMemberAccuracy:P2}, " +
                             string.Join(", ", row.Attacks.Select(a => $"{a.Attack} AUC {a.Auc:F3} advantage {a.Advantage:F3}")));
        }
        return rows;
    }
}
