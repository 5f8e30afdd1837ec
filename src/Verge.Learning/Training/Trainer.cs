using System.Diagnostics;
using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Training;

/// <summary>Plain supervised training: mini-batches, softmax cross-entropy, one optimizer step per batch.</summary>
public static class Trainer
{
    /// <summary>One pass over the loader; <paramref name="onBatch"/> sees (batches done, running mean loss).</summary>
    public static double TrainEpoch(Layer model, MiniBatchLoader loader, Optimizer optimizer,
        Action<int, double>? onBatch = null, CancellationToken ct = default)
    {
        model.Train();
        double lossSum = 0;
        int batches = 0, samples = 0;
        foreach (var (images, labels) in loader.Epoch())
        {
            ct.ThrowIfCancellationRequested();
            optimizer.ZeroGrad();
            var loss = Losses.CrossEntropy(model.Forward(images), labels);
            loss.Backward();
            optimizer.Step();
            lossSum += loss[0] * labels.Length;
            samples += labels.Length;
            onBatch?.Invoke(++batches, lossSum / samples);
        }
        return samples == 0 ? 0 : lossSum / samples;
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

    /// <summary>Trains for several epochs, evaluating on <paramref name="test"/> after each.</summary>
    public static IEnumerable<EpochResult> Fit(Layer model, MiniBatchLoader loader, Optimizer optimizer, ImageDataset test,
        int epochs, Action<int, int, double>? onBatch = null, CancellationToken ct = default)
    {
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            int e = epoch;
            double loss = TrainEpoch(model, loader, optimizer, onBatch is null ? null : (b, l) => onBatch(e, b, l), ct);
            double seconds = watch.Elapsed.TotalSeconds;
            yield return new EpochResult(epoch, seconds, loss, Evaluate(model, test));
        }
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
