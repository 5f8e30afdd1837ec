using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// The shadow models of offline LiRA: K copies of the target's recipe (same zoo model, Adam at 0.001, the given epochs
/// and batch), each trained by the engine's one training loop on a seeded random half of a population that holds none
/// of the audited examples, so that every shadow is OUT for every audited example.
/// </summary>
public static class ShadowModels
{
    public sealed record Recipe(string Model, int Epochs, int BatchSize, int Seed);

    /// <summary>φ of each shadow on <paramref name="audited"/>, [shadow][example]; <paramref name="progress"/> sees each shadow done.</summary>
    public static async Task<double[][]> ScaledConfidenceAsync(Recipe recipe, int count, ImageDataset population, ImageDataset audited, int threads,
        Action<int, double>? progress = null, CancellationToken ct = default)
    {
        var folder = Directory.CreateTempSubdirectory("verge-shadows-");
        try
        {
            var result = new double[count][];
            var rng = new Rng(recipe.Seed);
            // A few held-out images for the trainer's per-epoch accuracy; they do not steer training.
            var check = audited.Take(Math.Min(256, audited.Count));
            using var engineThreads = Parallelism.Use(threads);
            for (int k = 0; k < count; k++)
            {
                var order = Enumerable.Range(0, population.Count).ToArray();
                rng.Shuffle(order);
                var half = population.Subset(order[..(population.Count / 2)]);
                var options = new RecipeOptions(recipe.Model, recipe.Epochs, recipe.BatchSize, "adam", 0.001f, recipe.Seed + 1 + k);
                using var run = TrainingRun.Prepare(options, half, check);
                double accuracy = 0;
                foreach (var epoch in run.Fit(null, ct)) accuracy = epoch.TestAccuracy;
                string onnx = Path.Combine(folder.FullName, $"shadow-{k}.onnx");
                await run.SaveAsync(onnx, Path.Combine(folder.FullName, $"shadow-{k}.ckpt"), ct);
                result[k] = ModelLogits.Signals(onnx, audited, threads, ct, out _).ScaledConfidence;
                progress?.Invoke(k + 1, accuracy);
            }
            return result;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
