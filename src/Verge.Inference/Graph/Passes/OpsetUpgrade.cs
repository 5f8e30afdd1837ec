using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Graph.Passes;

/// <summary>
/// Raises a model's default-domain opset to 13, which per-channel DequantizeLinear needs. Ops whose form did not
/// change on the way are kept; a few that changed in small, mechanical ways are rewritten (BatchNormalization loses
/// <c>spatial</c>, Clip's bounds and Squeeze/Unsqueeze axes become inputs, Dropout loses <c>ratio</c>, Softmax gets
/// an explicit axis). Anything else stops with a message asking for a re-export at opset 13.
/// </summary>
public static class OpsetUpgrade
{
    public const int Target = 13;

    /// <summary>Ops whose opset-13 version reads the same inputs and attributes as every older version from opset 7.</summary>
    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin", "Asin", "Asinh", "Atan", "Atanh", "AveragePool",
        "Cast", "Ceil", "Concat", "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Cos", "Cosh", "DepthToSpace",
        "Div", "Elu", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor", "GRU", "Gather", "Gemm", "GlobalAveragePool",
        "GlobalLpPool", "GlobalMaxPool", "Greater", "HardSigmoid", "Identity", "InstanceNormalization", "LRN", "LSTM",
        "LeakyRelu", "Less", "Log", "MatMul", "Max", "MaxPool", "Mean", "Min", "Mul", "Neg", "Not", "Or", "PRelu",
        "Pow", "RNN", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
        "ReduceProd", "Relu", "Reshape", "Selu", "Shape", "Sigmoid", "Sign", "Sin", "Sinh", "Size", "Softplus",
        "Softsign", "SpaceToDepth", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "Tile", "Transpose", "Where", "Xor",
    };

    /// <summary>The model itself when already at opset ≥ 13, else an upgraded copy.</summary>
    public static ModelProto To13(ModelProto model, string source, IReadOnlyDictionary<string, TensorInfo>? tensors = null)
    {
        long opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        if (opset >= Target) return model;
        if (opset < 7)
            throw Refuse(source, opset, "ops older than opset 7");

        var upgraded = model.Clone();
        var g = upgraded.Graph;
        var names = new HashSet<string>(g.Initializer.Select(i => i.Name).Concat(g.Node.SelectMany(n => n.Output)), StringComparer.Ordinal);
        foreach (var n in g.Node.Where(n => n.Domain is "" or "ai.onnx").ToList())
        {
            switch (n.OpType)
            {
                case var op when Unchanged.Contains(op):
                    RemoveAttributes(n, "broadcast"); // opset < 7 leftovers some exporters still write
                    break;
                case "BatchNormalization":
                    if (ProtoValues.Int(n, "spatial", 1) != 1) throw Refuse(source, opset, $"BatchNormalization '{n.Name}' with spatial=0");
                    RemoveAttributes(n, "spatial", "is_test", "consumed_inputs");
                    break;
                case "Dropout":
                    RemoveAttributes(n, "ratio", "is_test"); // inference: identity either way
                    break;
                case "Clip" when opset < 11:
                    var min = ProtoValues.Float(n, "min", float.MinValue);
                    var max = ProtoValues.Float(n, "max", float.MaxValue);
                    RemoveAttributes(n, "min", "max");
                    n.Input.Add(AddConstant(g, names, $"{n.Name}.min", OnnxProtos.Floats($"{n.Name}.min", [], [min])));
                    n.Input.Add(AddConstant(g, names, $"{n.Name}.max", OnnxProtos.Floats($"{n.Name}.max", [], [max])));
                    break;
                case "Clip":
                    break;
                case "Squeeze" or "Unsqueeze":
                    if (ProtoValues.Attribute(n, "axes") is { } axes)
                    {
                        n.Input.Add(AddConstant(g, names, $"{n.Name}.axes", OnnxProtos.Int64s($"{n.Name}.axes", [axes.Ints.Count], axes.Ints.ToArray())));
                        RemoveAttributes(n, "axes");
                    }
                    break;
                case "Softmax" or "LogSoftmax" or "Hardmax":
                    // Before 13 these flatten to 2-D at `axis` (default 1); that equals the opset-13 op on the last axis
                    // only when `axis` is the last one.
                    long axis = ProtoValues.Int(n, "axis", 1);
                    int rank = tensors is not null && tensors.TryGetValue(n.Input[0], out var t) ? t.Shape.Length : -1;
                    if (rank < 0 || (axis != rank - 1 && axis != -1))
                        throw Refuse(source, opset, $"{n.OpType} '{n.Name}' over axis {axis} of a rank-{rank} tensor");
                    RemoveAttributes(n, "axis");
                    n.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
                    break;
                default:
                    throw Refuse(source, opset, $"{n.OpType} '{n.Name}', whose form changed by opset 13");
            }
        }

        foreach (var o in upgraded.OpsetImport.Where(o => o.Domain is "" or "ai.onnx")) o.Version = Target;
        upgraded.IrVersion = Math.Max(upgraded.IrVersion, 7);
        return upgraded;
    }

    private static InputException Refuse(string source, long opset, string what) =>
        new($"'{source}' is at opset {opset} and has {what}; int8 QDQ needs opset ≥ 13: re-export the model at opset 13 (e.g. torch.onnx.export(..., opset_version=13))");

    private static void RemoveAttributes(NodeProto n, params string[] names)
    {
        for (int i = n.Attribute.Count - 1; i >= 0; i--)
            if (names.Contains(n.Attribute[i].Name)) n.Attribute.RemoveAt(i);
    }

    private static string AddConstant(GraphProto g, HashSet<string> names, string name, TensorProto value)
    {
        while (!names.Add(name)) name += "_";
        value.Name = name;
        g.Initializer.Add(value);
        return name;
    }
}
