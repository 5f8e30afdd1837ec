using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Compression.Int8;

/// <summary>Holds an int8 model against its fp32 original in ONNX Runtime (outputs, latency, fused kernels).</summary>
public static class ModelComparer
{
    /// <summary>Op types in ONNX Runtime's optimized graph that compute in 8-bit integers.</summary>
    private static readonly string[] IntegerKernels = ["QLinear", "QGemm", "MatMulInteger", "ConvInteger", "DynamicQuantize", "NhwcQLinear"];

    public static Int8Comparison Compare(byte[] fp32, byte[] int8, IReadOnlyList<TensorInfo> inputs, ICalibrationSource heldOut,
        int threads, int runs, CancellationToken cancellationToken = default)
    {
        using var fp32Options = SessionOptionsFor(threads);
        using var int8Options = SessionOptionsFor(threads);
        using var a = new InferenceSession(fp32, fp32Options);
        using var b = new InferenceSession(int8, int8Options);
        var outputs = a.OutputMetadata.Where(o => o.Value.ElementDataType == TensorElementType.Float).Select(o => o.Key).ToArray();

        double maxAbs = 0, maxRel = 0, signal = 0, noise = 0;
        int agreed = 0, total = 0, samples = 0;
        ModelInputs? first = null;
        using var runOptions = new RunOptions();
        foreach (var feed in heldOut.Feeds(inputs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var ra = a.Run(runOptions, feed.Names, feed.Values, outputs);
            using var rb = b.Run(runOptions, feed.Names, feed.Values, outputs);
            for (int i = 0; i < outputs.Length; i++)
            {
                var x = ra[i].GetTensorDataAsSpan<float>();
                var y = rb[i].GetTensorDataAsSpan<float>();
                double peak = 0, worst = 0;
                for (int k = 0; k < x.Length; k++)
                {
                    double d = Math.Abs(x[k] - y[k]);
                    worst = Math.Max(worst, d);
                    peak = Math.Max(peak, Math.Abs(x[k]));
                    signal += (double)x[k] * x[k];
                    noise += d * d;
                }
                maxAbs = Math.Max(maxAbs, worst);
                maxRel = Math.Max(maxRel, peak > 0 ? worst / peak : worst);
                if (i == 0)
                {
                    long rows = Math.Max(1, ra[0].GetTensorTypeAndShape().Shape is { Length: > 0 } s ? s[0] : 1);
                    int width = (int)(x.Length / rows);
                    for (int r = 0; r < rows && width > 0; r++, total++)
                        if (TensorPrimitives.IndexOfMax(x.Slice(r * width, width)) == TensorPrimitives.IndexOfMax(y.Slice(r * width, width))) agreed++;
                }
            }
            samples++;
            if (first is null) first = feed;
            else feed.Dispose();
        }
        if (first is null) throw new Core.Errors.InputException($"held-out source {heldOut.Spec} gave no samples");

        using (first)
        {
            var (fp32Ms, int8Ms) = TimeInterleaved(a, b, first, outputs, runs);
            double sqnr = noise > 0 ? 10 * Math.Log10(signal / noise) : double.PositiveInfinity;
            return new Int8Comparison(fp32.Length, int8.Length, fp32Ms, int8Ms, threads, runs, samples, maxAbs, maxRel, sqnr, agreed, total, Int8Kernels(int8, threads));
        }
    }

    /// <summary>
    /// Median latency of each session, alternating one run of each so that a busy, shared machine slows both
    /// alike; three warm-up runs each come first.
    /// </summary>
    private static (double A, double B) TimeInterleaved(InferenceSession a, InferenceSession b, ModelInputs feed, string[] outputs, int runs)
    {
        using var runOptions = new RunOptions();
        double Once(InferenceSession s)
        {
            var clock = Stopwatch.StartNew();
            using var r = s.Run(runOptions, feed.Names, feed.Values, outputs);
            return clock.Elapsed.TotalMilliseconds;
        }
        for (int i = 0; i < 3; i++)
        {
            Once(a);
            Once(b);
        }
        var ta = new double[runs];
        var tb = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            ta[i] = Once(a);
            tb[i] = Once(b);
        }
        return (Stats.Median(ta), Stats.Median(tb));
    }

    /// <summary>The integer kernels ONNX Runtime made of a QDQ model (QLinearConv, QGemm, …), counted by op type.</summary>
    public static IReadOnlyDictionary<string, int> Int8Kernels(byte[] model, int threads = 1)
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-int8-optimized-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = SessionOptionsFor(threads))
            {
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
                options.OptimizedModelFilePath = path;
                using var session = new InferenceSession(model, options);
            }
            var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            return optimized.Graph.Node.Where(n => IntegerKernels.Any(k => n.OpType.StartsWith(k, StringComparison.Ordinal)))
                .GroupBy(n => n.OpType).OrderBy(grp => grp.Key, StringComparer.Ordinal).ToDictionary(grp => grp.Key, grp => grp.Count());
        }
        finally
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }

    private static SessionOptions SessionOptionsFor(int threads) => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
