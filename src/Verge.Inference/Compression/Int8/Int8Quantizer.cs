using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;

namespace Verge.Inference.Compression.Int8;

/// <summary>
/// Post-training static int8 quantization of an ONNX model in QDQ form: upgrade to opset 13 where needed, fold
/// BatchNorm into Conv, calibrate activation ranges on sample inputs, rewrite Conv/Gemm/MatMul with int8 weights.
/// </summary>
/// <remarks>Quantizing deep convolutional networks for efficient inference: a whitepaper (Krishnamoorthi, 2018).</remarks>
public static class Int8Quantizer
{
    public static Int8Result Quantize(ModelGraph graph, ICalibrationSource calibration, Int8Options? options = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new Int8Options();
        options.Validate();
        RequireFloatInputs(graph.Inputs, "int8 quantization");

        var model = OpsetUpgrade.To13(graph.Proto, graph.Source, graph.Tensors);
        int folded = 0;
        if (options.FoldBatchNorm) (model, folded) = BatchNormFolding.Fold(model, graph.Source);

        var plan = QdqPlanner.Plan(model, graph.Tensors, options);
        if (plan.Nodes.Count == 0)
            throw new InputException($"'{graph.Source}' has no Conv, Gemm or MatMul with float32 weights and activations; there is nothing to quantize to int8");

        var calibrated = new ActivationCalibrator(options).Collect(model, graph.Inputs, plan.Activations, calibration, progress, cancellationToken);
        var ranges = calibrated.Statistics.ToDictionary(kv => kv.Key, kv => kv.Value.Range(options.Method, options.Percentile), StringComparer.Ordinal);
        var quantized = QdqRewriter.Rewrite(model, plan, ranges, options.Activations, graph.Source);
        return new Int8Result(quantized, plan, ranges, calibration.Spec, calibrated.Feeds, folded, graph.OpsetVersion);
    }

    /// <summary>Both calibration sources feed float32 tensors, and the quantized graph starts from float32 activations.</summary>
    public static void RequireFloatInputs(IReadOnlyList<TensorInfo> inputs, string what)
    {
        foreach (var input in inputs)
            if (input.ElementType != ElementType.Float)
                throw new InputException($"{what} needs float32 model inputs, but input '{input.Name}' is {input.TypeName}; quantize a model that takes float32 tensors");
        foreach (var input in inputs)
            if (!input.IsStatic)
                throw new InputException($"input '{input.Name}' has no static shape ({input.ShapeText}); fix it with a shape override {input.Name}=DIMS") { Term = "a shape override" };
    }
}
