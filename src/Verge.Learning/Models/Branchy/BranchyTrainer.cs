using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Training;

namespace Verge.Learning.Models.Branchy;

/// <summary>
/// Joint training of every exit (BranchyNet): the loss is Σ wᵢ·CE(exitᵢ, labels), so the shared trunk learns from
/// all exits at once. Default weights are 1 for every exit.
/// </summary>
public static class BranchyTrainer
{
    public static float[] DefaultWeights(BranchyModel model) => Enumerable.Repeat(1f, model.ExitCount).ToArray();

    public static Tensor JointLoss(IReadOnlyList<Tensor> exitLogits, ReadOnlySpan<int> labels, IReadOnlyList<float> weights)
    {
        var losses = new Tensor[exitLogits.Count];
        for (int i = 0; i < losses.Length; i++) losses[i] = Losses.CrossEntropy(exitLogits[i], labels);
        return WeightedLoss.Sum(losses, weights);
    }

    /// <summary>The joint loss of <paramref name="model"/>'s exits as the training loop's loss.</summary>
    public static TrainingLoss Loss(BranchyModel model, IReadOnlyList<float>? weights = null)
    {
        weights ??= DefaultWeights(model);
        if (weights.Count != model.ExitCount) throw new ArgumentException($"{weights.Count} exit weights for {model.ExitCount} exits");
        return (images, labels) => JointLoss(model.ForwardExits(images), labels, weights);
    }

    public static double TrainEpoch(BranchyModel model, MiniBatchLoader loader, Optimizer optimizer, IReadOnlyList<float>? weights = null,
        Action<int, double>? onBatch = null, CancellationToken ct = default) =>
        Trainer.TrainEpoch(model, loader, optimizer, Loss(model, weights), onBatch, ct);

    /// <summary>Top-1 accuracy of every exit on its own, in evaluation mode.</summary>
    public static double[] EvaluateExits(BranchyModel model, ImageDataset data, int batchSize = 256)
    {
        model.Eval();
        var correct = new int[model.ExitCount];
        foreach (var (images, labels) in new MiniBatchLoader(data, batchSize, shuffle: false).Epoch())
        {
            var exits = model.ForwardExits(images);
            for (int e = 0; e < exits.Count; e++)
            {
                int k = exits[e].Length / labels.Length;
                for (int i = 0; i < labels.Length; i++)
                    if (Trainer.ArgMax(exits[e].Data.AsSpan(i * k, k)) == labels[i]) correct[e]++;
            }
        }
        model.Train();
        return correct.Select(c => data.Count == 0 ? 0 : (double)c / data.Count).ToArray();
    }

    /// <summary>Several epochs; each result's test accuracy is the final exit's.</summary>
    public static IEnumerable<EpochResult> Fit(BranchyModel model, MiniBatchLoader loader, Optimizer optimizer, ImageDataset test, int epochs,
        IReadOnlyList<float>? weights = null, Action<int, int, double>? onBatch = null, CancellationToken ct = default) =>
        Trainer.Fit(model, loader, optimizer, Loss(model, weights), () => EvaluateExits(model, test)[^1], epochs, onBatch, ct);
}
