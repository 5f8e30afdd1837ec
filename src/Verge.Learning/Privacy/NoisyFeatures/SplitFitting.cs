using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>Small mini-batch loops over plain arrays (features or images in, labels or pixels out) for one experiment.</summary>
internal static class SplitFitting
{
    /// <summary>Cross-entropy training of <paramref name="layer"/> on rows of <paramref name="inputs"/> shaped <paramref name="rowShape"/>.</summary>
    public static void FitClasses(Layer layer, float[] inputs, int[] rowShape, int[] labels, int epochs, int batch, float lr, Rng rng,
        Action<float[], int>? perturb = null)
    {
        int rowSize = Tensor.Count(rowShape);
        var opt = new Adam(layer.Parameters(), lr);
        layer.Train();
        foreach (var (idx, x) in Batches(inputs, rowSize, labels.Length, epochs, batch, rng))
        {
            perturb?.Invoke(x, idx.Length);
            var y = idx.Select(i => labels[i]).ToArray();
            opt.ZeroGrad();
            var loss = Losses.CrossEntropy(layer.Forward(new Tensor(x, [idx.Length, .. rowShape])), y);
            loss.Backward();
            opt.Step();
        }
        layer.Eval();
    }

    /// <summary>Mean-squared-error regression of <paramref name="targets"/> (rows of <paramref name="targetSize"/>) from inputs.</summary>
    public static void FitPixels(Layer layer, float[] inputs, int[] rowShape, float[] targets, int targetSize, int epochs, int batch, float lr, Rng rng,
        Action<float[], int>? perturb = null)
    {
        int rowSize = Tensor.Count(rowShape);
        int rows = inputs.Length / rowSize;
        var opt = new Adam(layer.Parameters(), lr);
        layer.Train();
        foreach (var (idx, x) in Batches(inputs, rowSize, rows, epochs, batch, rng))
        {
            perturb?.Invoke(x, idx.Length);
            opt.ZeroGrad();
            var output = layer.Forward(new Tensor(x, [idx.Length, .. rowShape]));
            var seed = new float[output.Length];
            for (int r = 0; r < idx.Length; r++)
                for (int j = 0; j < targetSize; j++)
                    seed[r * targetSize + j] = 2f * (output.Data[r * targetSize + j] - targets[idx[r] * targetSize + j]) / seed.Length;
            output.Backward(seed);
            opt.Step();
        }
        layer.Eval();
    }

    /// <summary>Runs <paramref name="layer"/> over every row, in batches; returns the outputs concatenated.</summary>
    public static float[] Apply(Layer layer, float[] inputs, int[] rowShape, int batch = 256)
    {
        int rowSize = Tensor.Count(rowShape);
        int rows = inputs.Length / rowSize;
        // One array of the final size: a growing list held up to twice the outputs (plus a copy) at once, which at
        // thousands of 4704-feature rows was the bench's largest transient.
        float[] outputs = [];
        for (int s = 0; s < rows; s += batch)
        {
            int n = Math.Min(batch, rows - s);
            var x = inputs.AsSpan(s * rowSize, n * rowSize).ToArray();
            var y = layer.Forward(new Tensor(x, [n, .. rowShape])).Data;
            int outSize = y.Length / n;
            if (s == 0) outputs = new float[rows * outSize];
            y.CopyTo(outputs.AsSpan(s * outSize));
        }
        return outputs;
    }

    /// <summary>Share of rows whose arg-max logit is the label.</summary>
    public static double Accuracy(float[] logits, int[] labels)
    {
        int classes = logits.Length / labels.Length, right = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            var row = logits.AsSpan(r * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            if (best == labels[r]) right++;
        }
        return (double)right / labels.Length;
    }

    internal static IEnumerable<(int[] Index, float[] X)> Batches(float[] inputs, int rowSize, int rows, int epochs, int batch, Rng rng)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(order);
            for (int s = 0; s < rows; s += batch)
            {
                var idx = order.AsSpan(s, Math.Min(batch, rows - s)).ToArray();
                var x = new float[idx.Length * rowSize];
                for (int r = 0; r < idx.Length; r++) inputs.AsSpan(idx[r] * rowSize, rowSize).CopyTo(x.AsSpan(r * rowSize));
                yield return (idx, x);
            }
        }
    }
}
