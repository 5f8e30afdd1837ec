using Verge.Learning.Engine;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// The device's training loop of split learning (Gupta &amp; Raskar, 2018; with DP on activations after Mao et al., 2018):
/// per batch the head runs, its noised activations go to the tail with the labels, the gradient comes back and the
/// head steps. The same loop runs against an in-process tail and across gRPC.
/// </summary>
public static class SplitTrainer
{
    /// <summary>Trains for <paramref name="epochs"/> epochs; returns the last epoch's mean loss.</summary>
    public static async Task<double> TrainAsync(SplitHead head, ISplitTail tail, float[] images, int[] imageShape, int[] labels,
        int epochs, int batch, Rng rng, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        int size = Tensor.Count(imageShape);
        var order = Enumerable.Range(0, labels.Length).ToArray();
        double lastMean = double.NaN;
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(order);
            double sum = 0;
            int steps = 0;
            for (int s = 0; s < order.Length; s += batch)
            {
                ct.ThrowIfCancellationRequested();
                int n = Math.Min(batch, order.Length - s);
                var x = new float[n * size];
                var y = new int[n];
                for (int r = 0; r < n; r++)
                {
                    images.AsSpan(order[s + r] * size, size).CopyTo(x.AsSpan(r * size));
                    y[r] = labels[order[s + r]];
                }
                var (sent, shape) = head.Forward(x, imageShape, n, train: true);
                var (gradient, loss) = await tail.StepAsync(sent, shape, y, ct);
                head.Backward(gradient);
                sum += loss;
                steps++;
            }
            lastMean = sum / Math.Max(1, steps);
            progress?.Report($"epoch {e + 1}/{epochs}: mean loss {lastMean:F3}");
        }
        return lastMean;
    }

    /// <summary>Accuracy on <paramref name="labels"/> with the head's noise applied as deployed; also returns what left the device.</summary>
    public static async Task<(double Accuracy, float[] Sent)> EvaluateAsync(SplitHead head, ISplitTail tail, float[] images, int[] imageShape,
        int[] labels, int batch = 256, CancellationToken ct = default)
    {
        int size = Tensor.Count(imageShape);
        var logits = new List<float>();
        var sent = new List<float>();
        for (int s = 0; s < labels.Length; s += batch)
        {
            int n = Math.Min(batch, labels.Length - s);
            var (a, shape) = head.Forward(images.AsSpan(s * size, n * size).ToArray(), imageShape, n, train: false);
            sent.AddRange(a);
            logits.AddRange(await tail.InferAsync(a, shape, ct));
        }
        return (SplitFitting.Accuracy([.. logits], labels), [.. sent]);
    }
}
