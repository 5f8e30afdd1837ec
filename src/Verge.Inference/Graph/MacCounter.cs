using Onnx;

namespace Verge.Inference.Graph;

/// <summary>
/// Multiply-accumulates per node, by the conventions of FLOP counters such as fvcore and ptflops:
/// convolution = output elements × (input channels / groups) × kernel area; Gemm/MatMul = output elements × inner
/// dimension; pooling = output elements × window; recurrent cells = steps × gates × hidden × (input + hidden);
/// element-wise and normalisation ops = one per output element; data movement (reshape, concat, transpose…) = 0.
/// </summary>
public static class MacCounter
{
    private static readonly HashSet<string> DataMovement = new(StringComparer.Ordinal)
    {
        "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Concat", "Split", "Slice", "Gather", "Identity",
        "Shape", "Constant", "ConstantOfShape", "Cast", "Pad", "Expand", "Tile", "Dropout", "Size", "Range",
        "GatherElements", "ScatterND", "DepthToSpace", "SpaceToDepth", "QuantizeLinear", "DequantizeLinear",
    };

    public static long Count(NodeProto node, Func<string, TensorInfo?> tensor)
    {
        TensorInfo? In(int i) => i < node.Input.Count && node.Input[i].Length > 0 ? tensor(node.Input[i]) : null;
        TensorInfo? Out(int i) => i < node.Output.Count && node.Output[i].Length > 0 ? tensor(node.Output[i]) : null;
        long OutElements() => node.Output.Sum(o => tensor(o) is { IsStatic: true } t ? t.Elements : 0);

        switch (node.OpType)
        {
            case "Conv":
            case "ConvInteger":
            case "QLinearConv":
            {
                var w = In(node.OpType == "QLinearConv" ? 3 : 1);
                var y = Out(0);
                if (w is not { IsStatic: true } || y is not { IsStatic: true }) return 0;
                // weight is [Cout, Cin/group, k...]: the product of all but the first dim is the work per output element.
                long perOutput = w.Shape.Skip(1).Aggregate(1L, (a, d) => a * d);
                return y.Elements * perOutput;
            }
            case "ConvTranspose":
            {
                var src = In(0);
                var w = In(1);
                if (w is not { IsStatic: true } || src is not { IsStatic: true }) return 0;
                // weight is [Cin, Cout/group, k...]: every input element scatters into Cout/group × kernel area outputs.
                long perInput = w.Shape.Skip(1).Aggregate(1L, (a, d) => a * d);
                return src.Elements * perInput;
            }
            case "Gemm":
            {
                var a = In(0);
                var y = Out(0);
                if (a is not { IsStatic: true } || y is not { IsStatic: true } || a.Shape.Length != 2) return 0;
                bool transA = IntAttr(node, "transA", 0) != 0;
                long k = transA ? a.Shape[0] : a.Shape[1];
                return y.Elements * k;
            }
            case "MatMul":
            case "MatMulInteger":
            case "QLinearMatMul":
            {
                var a = In(0);
                var y = Out(0);
                if (a is not { IsStatic: true } || y is not { IsStatic: true } || a.Shape.Length == 0) return 0;
                return y.Elements * a.Shape[^1];
            }
            case "MaxPool":
            case "AveragePool":
            case "LpPool":
            {
                var y = Out(0);
                if (y is not { IsStatic: true }) return 0;
                long window = Ints(node, "kernel_shape").Aggregate(1L, (acc, d) => acc * d);
                return y.Elements * window;
            }
            case "GlobalAveragePool":
            case "GlobalMaxPool":
            case "ReduceMean":
            case "ReduceSum":
            case "ReduceMax":
                return In(0) is { IsStatic: true } pooled ? pooled.Elements : 0;
            case "LSTM":
            case "GRU":
            case "RNN":
            {
                var seqIn = In(0);
                var r = In(2);
                if (seqIn is not { IsStatic: true } || r is not { IsStatic: true } || seqIn.Shape.Length != 3) return 0;
                long seq = seqIn.Shape[0], batch = seqIn.Shape[1], input = seqIn.Shape[2];
                long directions = r.Shape[0], hidden = r.Shape[2];
                long gates = node.OpType switch { "LSTM" => 4, "GRU" => 3, _ => 1 };
                return directions * seq * batch * gates * hidden * (input + hidden);
            }
            default:
                return DataMovement.Contains(node.OpType) ? 0 : OutElements();
        }
    }

    internal static long IntAttr(NodeProto node, string name, long fallback)
    {
        foreach (var a in node.Attribute)
            if (a.Name == name) return a.I;
        return fallback;
    }

    internal static long[] Ints(NodeProto node, string name)
    {
        foreach (var a in node.Attribute)
            if (a.Name == name) return a.Ints.ToArray();
        return [];
    }
}
