using System.Numerics.Tensors;

namespace Verge.Learning.Federated;

/// <summary>The averaging math every strategy shares, on plain float arrays.</summary>
public static class Aggregation
{
    /// <summary>Σ wᵢ·xᵢ / Σ wᵢ (FedAvg's sample-weighted mean); an empty list or zero total weight gives zeros.</summary>
    public static float[] WeightedAverage(IReadOnlyList<(float[] Values, double Weight)> items, int length)
    {
        var sum = new float[length];
        double total = 0;
        foreach (var (_, w) in items) total += w;
        if (total <= 0) return sum;
        foreach (var (values, w) in items)
        {
            if (values.Length != length) throw new ArgumentException($"expected {length} values, got {values.Length}");
            TensorPrimitives.MultiplyAdd(values, (float)(w / total), sum, sum);
        }
        return sum;
    }

    /// <summary>target += scale · values.</summary>
    public static void AddScaled(float[] target, ReadOnlySpan<float> values, float scale) =>
        TensorPrimitives.MultiplyAdd(values, scale, target, target);

    public static double Norm(ReadOnlySpan<float> values) => TensorPrimitives.Norm(values);

    /// <summary>Sample-weighted mean accuracy.</summary>
    public static double WeightedAccuracy(IReadOnlyList<EvaluateResult> results)
    {
        long samples = 0;
        double correct = 0;
        foreach (var r in results)
        {
            samples += r.Samples;
            correct += r.Accuracy * r.Samples;
        }
        return samples == 0 ? 0 : correct / samples;
    }
}
