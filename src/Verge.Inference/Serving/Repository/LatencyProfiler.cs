using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Serving.Scheduling.Admission;

namespace Verge.Inference.Serving.Repository;

/// <summary>
/// Measures a loaded model's <see cref="LatencyProfile"/>: ONNX Runtime runs zero-filled inputs at batch sizes
/// 1, 2, 4, … up to the largest (and the largest itself), a warm-up then the median of a few timed runs each;
/// sizes in between are interpolated, as run time grows close to linearly between powers of two.
/// </summary>
public static class LatencyProfiler
{
    public static LatencyProfile Measure(InferenceSession session, IReadOnlyList<TensorInfo> inputs, int maxRows, bool batched, int runs)
    {
        if (runs <= 0) return new LatencyProfile([]);
        maxRows = batched ? Math.Max(1, maxRows) : 1;
        var sizes = new List<int>();
        for (int b = 1; b < maxRows; b *= 2) sizes.Add(b);
        sizes.Add(maxRows);

        var measured = new Dictionary<int, TimeSpan>();
        foreach (var b in sizes)
            measured[b] = MedianRun(session, inputs.Select(t => Shaped(t, b, batched)).ToList(), runs);

        var profile = new TimeSpan[maxRows];
        for (int k = 0; k < sizes.Count; k++)
        {
            int lo = k == 0 ? sizes[0] : sizes[k - 1], hi = sizes[k];
            for (int b = lo; b <= hi; b++)
            {
                double f = hi == lo ? 1 : (double)(b - lo) / (hi - lo);
                profile[b - 1] = measured[lo] + (measured[hi] - measured[lo]) * f;
            }
        }
        return new LatencyProfile(profile);
    }

    private static TensorInfo Shaped(TensorInfo t, int rows, bool batched)
    {
        var shape = t.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        if (batched && shape.Length > 0) shape[0] = rows;
        return t with { Shape = shape };
    }

    private static TimeSpan MedianRun(InferenceSession session, IReadOnlyList<TensorInfo> inputs, int runs)
    {
        using var feeds = ModelInputs.Create(inputs, InputFill.Zeros);
        using var options = new RunOptions();
        var outputs = session.OutputNames.ToArray();
        var times = new double[runs];
        for (int i = -1; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using (session.Run(options, feeds.Names, feeds.Values, outputs)) { }
            if (i >= 0) times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return TimeSpan.FromSeconds(Stats.Median(times));
    }
}
