using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Inference.Compression.Int8;

/// <summary>
/// Runs the fp32 model in ONNX Runtime on calibration feeds with the chosen activation tensors exposed as extra
/// graph outputs, and gathers each tensor's <see cref="TensorStatistics"/> (min, max, |x| histogram).
/// </summary>
public sealed class ActivationCalibrator(Int8Options options)
{
    public sealed record Result(IReadOnlyDictionary<string, TensorStatistics> Statistics, int Feeds);

    public Result Collect(ModelProto model, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<string> tensors, ICalibrationSource source,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var exposed = model.Clone();
        var present = exposed.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tensors.Where(present.Add))
            exposed.Graph.Output.Add(new ValueInfoProto { Name = t, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = ElementType.Float } } });

        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.Threads > 0) sessionOptions.IntraOpNumThreads = options.Threads;
        using var session = new InferenceSession(exposed.ToByteArray(), sessionOptions);
        using var runOptions = new RunOptions();

        var statistics = tensors.ToDictionary(t => t, _ => new TensorStatistics(options.HistogramBins), StringComparer.Ordinal);
        var names = tensors.ToArray();
        int feeds = 0;
        foreach (var feed in source.Feeds(inputs))
        {
            using (feed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var results = session.Run(runOptions, feed.Names, feed.Values, names);
                for (int i = 0; i < names.Length; i++)
                {
                    var values = results[i].GetTensorDataAsSpan<float>();
                    try
                    {
                        statistics[names[i]].Add(values);
                    }
                    catch (ArgumentException)
                    {
                        throw new InputException($"tensor '{names[i]}' took a non-finite value on calibration sample {feeds + 1} ({source.Spec}); the model overflows on these inputs: calibrate with data it was trained for");
                    }
                }
            }
            feeds++;
            progress?.Report(feeds);
        }
        if (feeds == 0) throw new InputException($"calibration source {source.Spec} gave no samples; ask for at least one") { Term = "calibration source" };
        return new Result(statistics, feeds);
    }
}
