using Onnx;
using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Which ONNX ops a fused tile block may hold, and how each maps output rows and columns to input ones. Only ops
/// whose every output element reads a bounded window of its inputs qualify (DeepThings fuses the convolutional
/// front of a CNN, Zhao et al., TCAD 2018): convolution and pooling without ceil mode or automatic padding, and
/// element-wise ops whose constants do not vary along rows or columns (batch norm, activations, residual adds).
/// </summary>
public static class FusedOps
{
    private static readonly HashSet<string> Windowed = new(StringComparer.Ordinal) { "Conv", "MaxPool", "AveragePool" };

    private static readonly HashSet<string> ElementWise = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "HardSigmoid", "HardSwish", "Elu", "Selu", "PRelu",
        "BatchNormalization", "Identity", "Add", "Sub", "Mul", "Div", "Sum", "Max", "Min",
    };

    /// <summary>The node's row and column windows, or null when the node cannot join a fused block.</summary>
    public static (SpatialWindow Rows, SpatialWindow Cols)? Windows(NodeProto node, ModelGraph graph)
    {
        if (node.Domain is not ("" or "ai.onnx")) return null;
        var outputs = node.Output.Where(o => o.Length > 0).ToList();
        if (outputs.Count != 1 || !IsMap(graph, outputs[0])) return null;
        var activations = ActivationInputs(node, graph).ToList();
        if (activations.Count == 0) return null;
        if (ElementWise.Contains(node.OpType))
            return activations.All(a => SameShape(graph, a, outputs[0])) && ConstantsUniform(node, graph) ? (SpatialWindow.Identity, SpatialWindow.Identity) : null;
        if (!Windowed.Contains(node.OpType) || activations.Count != 1 || !IsMap(graph, activations[0])) return null;
        return Window(node, graph);
    }

    /// <summary>Inputs that are activations (not weights, not absent optional inputs).</summary>
    public static IEnumerable<string> ActivationInputs(NodeProto node, ModelGraph graph) =>
        node.Input.Where(i => i.Length > 0 && !graph.Initializers.Contains(i));

    public static bool IsWindowed(NodeProto node) => Windowed.Contains(node.OpType);

    private static (SpatialWindow, SpatialWindow)? Window(NodeProto node, ModelGraph graph)
    {
        string autoPad = Text(node, "auto_pad") ?? "NOTSET";
        if (autoPad is not ("NOTSET" or "VALID") || Int(node, "ceil_mode") is > 0 || Int(node, "storage_order") is > 0) return null;
        var kernel = Ints(node, "kernel_shape");
        if (kernel is null && node.OpType == "Conv" && node.Input.Count > 1 && graph.Tensors.TryGetValue(node.Input[1], out var w) && w.Shape.Length == 4)
            kernel = w.Shape[2..];
        if (kernel is not { Length: 2 }) return null;
        var strides = Ints(node, "strides") ?? [1, 1];
        var dilations = Ints(node, "dilations") ?? [1, 1];
        var pads = autoPad == "VALID" ? [0, 0, 0, 0] : Ints(node, "pads") ?? [0, 0, 0, 0];
        if (strides.Length != 2 || dilations.Length != 2 || pads.Length != 4) return null;
        return (new SpatialWindow(kernel[0], strides[0], pads[0], dilations[0]), new SpatialWindow(kernel[1], strides[1], pads[1], dilations[1]));
    }

    private static bool IsMap(ModelGraph graph, string tensor) =>
        graph.Tensors.TryGetValue(tensor, out var t) && t.IsStatic && t.Shape.Length == 4 && t.ElementType == ElementType.Float;

    private static bool SameShape(ModelGraph graph, string a, string b) =>
        graph.Tensors.TryGetValue(a, out var x) && graph.Tensors.TryGetValue(b, out var y) && x.Shape.SequenceEqual(y.Shape);

    /// <summary>A weight that broadcasts over rows and columns (per channel, or a scalar) is the same in every tile.</summary>
    private static bool ConstantsUniform(NodeProto node, ModelGraph graph) =>
        node.Input.Where(i => i.Length > 0 && graph.Initializers.Contains(i)).All(i =>
        {
            var s = graph.Tensors[i].Shape;
            return node.OpType == "BatchNormalization" || s.Length == 0 || (s.Length == 1 ? s[0] == 1 : s[^1] == 1 && s[^2] == 1);
        });

    private static AttributeProto? Attr(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    private static long[]? Ints(NodeProto node, string name) => Attr(node, name)?.Ints.ToArray();

    private static long? Int(NodeProto node, string name) => Attr(node, name)?.I;

    private static string? Text(NodeProto node, string name) => Attr(node, name)?.S.ToStringUtf8();
}
