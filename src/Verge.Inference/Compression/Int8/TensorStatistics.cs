using System.Numerics.Tensors;
using Verge.Inference.Graph.Passes;

namespace Verge.Inference.Compression.Int8;

/// <summary>
/// What calibration saw of one tensor: its minimum and maximum, and a histogram of |x| over [0, R) whose range R
/// doubles (merging bin pairs) whenever a larger value arrives, so one pass suffices for any percentile.
/// </summary>
public sealed class TensorStatistics
{
    private readonly long[] bins;
    private float binWidth;

    public TensorStatistics(int bins = 4096)
    {
        if (bins < 2 || (bins & 1) != 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "an even number of bins, at least 2");
        this.bins = new long[bins];
    }

    public float Min { get; private set; } = float.PositiveInfinity;
    public float Max { get; private set; } = float.NegativeInfinity;
    public long Count { get; private set; }

    public void Add(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        float min = TensorPrimitives.Min(values), max = TensorPrimitives.Max(values);
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new ArgumentException("calibration values must be finite", nameof(values));
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Count += values.Length;

        float absMax = Math.Max(-min, max);
        if (binWidth == 0)
        {
            if (absMax == 0)
            {
                bins[0] += values.Length;
                return;
            }
            binWidth = absMax / bins.Length * 1.0001f;
        }
        while (absMax >= binWidth * bins.Length) Widen();

        float inverse = 1f / binWidth;
        int last = bins.Length - 1;
        foreach (var v in values)
        {
            int b = (int)(MathF.Abs(v) * inverse);
            bins[b > last ? last : b]++;
        }
    }

    /// <summary>The smallest t with at least <paramref name="percentile"/>% of |x| ≤ t (to the histogram's resolution).</summary>
    public float AbsPercentile(double percentile)
    {
        if (Count == 0) throw new InvalidOperationException("no values were added");
        double target = Math.Ceiling(percentile / 100.0 * Count);
        long seen = 0;
        for (int b = 0; b < bins.Length; b++)
        {
            seen += bins[b];
            if (seen >= target) return Math.Min((b + 1) * binWidth, Math.Max(-Min, Max));
        }
        return Math.Max(-Min, Max);
    }

    /// <summary>The range of <paramref name="method"/>; percentile clipping never widens min-max.</summary>
    public TensorRange Range(CalibrationMethod method, double percentile = 99.99)
    {
        if (Count == 0) throw new InvalidOperationException("no values were added");
        if (method == CalibrationMethod.MinMax) return new TensorRange(Min, Max);
        float t = AbsPercentile(percentile);
        return new TensorRange(Math.Max(Min, -t), Math.Min(Max, t));
    }

    private void Widen()
    {
        int half = bins.Length / 2;
        for (int i = 0; i < half; i++) bins[i] = bins[2 * i] + bins[2 * i + 1];
        Array.Clear(bins, half, half);
        binWidth *= 2;
    }
}
