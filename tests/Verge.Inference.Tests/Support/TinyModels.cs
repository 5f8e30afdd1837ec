using Google.Protobuf;
using Onnx;
using static Verge.Inference.Graph.Building.OnnxProtos;

namespace Verge.Inference.Tests.Support;

/// <summary>
/// ONNX graphs in shapes <see cref="Verge.Inference.Graph.Building.OnnxBuilder"/> does not write on purpose (no
/// value_info, symbolic batch, unnamed nodes and outputs), put together from the builder's <see cref="Verge.Inference.Graph.Building.OnnxProtos"/>.
/// </summary>
internal static class TinyModels
{
    public static ValueInfoProto Value(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        var value = FloatValue(name, []);
        value.Type.TensorType.Shape = shape;
        return value;
    }

    public static TensorProto Weight(string name, long[] dims, int seed = 1)
    {
        var rng = new Random(seed);
        var data = new float[dims.Aggregate(1L, (a, d) => a * d)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() - 0.5);
        return Floats(name, dims, data);
    }

    public static ModelProto Model(GraphProto graph, long opset = 13)
    {
        var m = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "verge-tests" };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return m;
    }

    /// <summary>x[1,8,16,16] → depthwise 3×3 conv (groups 8) → pointwise 1×1 conv to 16 → relu → maxpool 2 → flatten → gemm to 10.</summary>
    public static ModelProto DepthwiseChain(object? batch = null)
    {
        var g = new GraphProto { Name = "depthwise-chain" };
        g.Input.Add(Value("x", batch ?? 1L, 8, 16, 16));
        g.Output.Add(Value("y", batch ?? 1L, 10));
        g.Initializer.Add(Weight("dw", [8, 1, 3, 3], 1));
        g.Initializer.Add(Weight("pw", [16, 8, 1, 1], 2));
        g.Initializer.Add(Weight("fc", [10, 16 * 8 * 8], 3));
        g.Initializer.Add(Weight("fc_b", [10], 4));
        g.Node.Add(Node("Conv", "dwconv", ["x", "dw"], ["a"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("group", 8)));
        g.Node.Add(Node("Conv", "pwconv", ["a", "pw"], ["b"], Ints("kernel_shape", 1, 1)));
        g.Node.Add(Node("Relu", "", ["b"], ["c"]));
        g.Node.Add(Node("MaxPool", "", ["c"], ["d"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
        g.Node.Add(Node("Flatten", "flatten", ["d"], ["e"]));
        g.Node.Add(Node("Gemm", "fc", ["e", "fc", "fc_b"], ["y"], Int("transB", 1)));
        return Model(g);
    }

    /// <summary>An LSTM over x[T=5, B=1, F=4] with hidden 6, as sequence models export it.</summary>
    public static ModelProto Lstm()
    {
        var g = new GraphProto { Name = "lstm" };
        g.Input.Add(Value("x", 5, 1, 4));
        g.Output.Add(Value("h", 1, 1, 6));
        g.Initializer.Add(Weight("W", [1, 24, 4], 1));
        g.Initializer.Add(Weight("R", [1, 24, 6], 2));
        g.Node.Add(Node("LSTM", "lstm", ["x", "W", "R"], ["", "h"], Int("hidden_size", 6)));
        return Model(g);
    }

    /// <summary>A residual block: x → conv1 → a → relu → b → conv2 → c; y = relu(a + c). Tensor a skips over conv2.</summary>
    public static ModelProto Residual()
    {
        var g = new GraphProto { Name = "residual" };
        g.Input.Add(Value("x", 1, 4, 8, 8));
        g.Output.Add(Value("y", 1, 8, 8, 8));
        g.Initializer.Add(Weight("w1", [8, 4, 3, 3], 1));
        g.Initializer.Add(Weight("w2", [8, 8, 3, 3], 2));
        g.Node.Add(Node("Conv", "conv1", ["x", "w1"], ["a"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
        g.Node.Add(Node("Relu", "relu1", ["a"], ["b"]));
        g.Node.Add(Node("Conv", "conv2", ["b", "w2"], ["c"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
        g.Node.Add(Node("Add", "add", ["a", "c"], ["d"]));
        g.Node.Add(Node("Relu", "relu2", ["d"], ["y"]));
        return Model(g);
    }

    public static string Save(ModelProto model, string path)
    {
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
