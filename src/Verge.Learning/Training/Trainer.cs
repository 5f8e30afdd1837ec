using System.Diagnostics;
using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Training;

/// <summary>
/// The one training loop: mini-batches in, one optimizer step per batch, the loss an argument
/// (<see cref="CrossEntropy"/> for plain supervised training). Branchy, distillation and federated training pass
/// their own <see cref="TrainingLoss"/>.
/// </summary>
public static class Trainer
{
    /// <summary>Softmax cross-entropy of the model's logits against the labels.</summary>
    public static TrainingLoss CrossEntropy(Layer model) => (images, labels) => Losses.CrossEntropy(model.Forward(images), labels);

    /// <summary>
    /// Trains on every batch of <paramref name="batches"/>; <paramref name="onBatch"/> sees (batches done, running mean
    /// loss per sample).
    /// </summary>
    public static TrainingPass Run(Layer model, IEnumerable<(Tensor Images, int[] Labels)> batches, Optimizer optimizer, TrainingLoss loss,
        Action<int, double>? onBatch = null, CancellationToken ct = default)
    {
        model.Train();
        double sampleLossSum = 0, stepLossSum = 0;
        int steps = 0, samples = 0;
        foreach (var (images, labels) in batches)
        {
            ct.ThrowIfCancellationRequested();
            optimizer.ZeroGrad();
            var value = loss(images, labels);
            value.Backward();
            optimizer.Step();
            sampleLossSum += value[0] * labels.Length;
            stepLossSum += value[0];
            samples += labels.Length;
            steps++; // not inside onBatch?.Invoke(...): a null callback skips its arguments, and the count with them
            onBatch?.Invoke(steps, sampleLossSum / samples);
        }
        return new TrainingPass(steps, samples, sampleLossSum, stepLossSum);
    }

    /// <summary>One pass over the loader (cross-entropy unless <paramref name="loss"/> says otherwise); the mean loss per sample.</summary>
    public static double TrainEpoch(Layer model, MiniBatchLoader loader, Optimizer optimizer, TrainingLoss? loss = null,
        Action<int, double>? onBatch = null, CancellationToken ct = default) =>
        Run(model, loader.Epoch(), optimizer, loss ?? CrossEntropy(model), onBatch, ct).MeanLoss;

    /// <summary>Trains with cross-entropy for several epochs, evaluating top-1 accuracy on <paramref name="test"/> after each.</summary>
    public static IEnumerable<EpochResult> Fit(Layer model, MiniBatchLoader loader, Optimizer optimizer, ImageDataset test,
        int epochs, Action<int, int, double>? onBatch = null, CancellationToken ct = default) =>
        Fit(model, loader, optimizer, CrossEntropy(model), () => Evaluate(model, test), epochs, onBatch, ct);

    /// <summary>Several epochs of <paramref name="loss"/>; <paramref name="evaluate"/> gives the test accuracy after each.</summary>
    public static IEnumerable<EpochResult> Fit(Layer model, MiniBatchLoader loader, Optimizer optimizer, TrainingLoss loss, Func<double> evaluate,
        int epochs, Action<int, int, double>? onBatch = null, CancellationToken ct = default)
    {
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            int e = epoch;
            double mean = TrainEpoch(model, loader, optimizer, loss, onBatch is null ? null : (b, l) => onBatch(e, b, l), ct);
            double seconds = watch.Elapsed.TotalSeconds;
            yield return new EpochResult(epoch, seconds, mean, evaluate());
        }
    }

    /// <summary>Top-1 accuracy in evaluation mode (running batch-norm statistics, no dropout).</summary>
    public static double Evaluate(Layer model, ImageDataset data, int batchSize = 256)
    {
        model.Eval();
        int correct = 0;
        foreach (var (images, labels) in new MiniBatchLoader(data, batchSize, shuffle: false).Epoch())
        {
            var logits = model.Forward(images);
            int k = logits.Length / labels.Length;
            for (int i = 0; i < labels.Length; i++)
                if (ArgMax(logits.Data.AsSpan(i * k, k)) == labels[i]) correct++;
        }
        model.Train();
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
