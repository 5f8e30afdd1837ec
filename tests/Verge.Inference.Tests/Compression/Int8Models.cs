using Onnx;
using Verge.Inference.Graph.Building;
using static Verge.Inference.Graph.Building.OnnxProtos;
using Verge.Inference.Tests.Support;
using static Verge.Inference.Tests.Support.TinyModels;
using Verge.Inference.Zoo;

namespace Verge.Inference.Tests.Compression;

/// <summary>Hand-built models for the int8 tests: MatMul layers, an opset-8 export, a Fashion-MNIST-shaped CNN.</summary>
internal static class Int8Models
{
    /// <summary>x[4,16] → MatMul W1 → Relu → r; y = r · W2 [4,8]; g = r · rᵀ [4,4] (two activations).</summary>
    public static ModelProto MatMuls()
    {
        var g = new GraphProto { Name = "matmuls" };
        g.Input.Add(Value("x", 4, 16));
        g.Output.Add(Value("y", 4, 8));
        g.Output.Add(Value("gram", 4, 4));
        g.Initializer.Add(Weight("W1", [16, 32], 1));
        g.Initializer.Add(Weight("W2", [32, 8], 2));
        g.Node.Add(Node("MatMul", "mm1", ["x", "W1"], ["h"]));
        g.Node.Add(Node("Relu", "relu", ["h"], ["r"]));
        g.Node.Add(Node("MatMul", "mm2", ["r", "W2"], ["y"]));
        g.Node.Add(Node("Transpose", "t", ["r"], ["rt"], Ints("perm", 1, 0)));
        g.Node.Add(Node("MatMul", "gram", ["r", "rt"], ["gram"]));
        return Model(g);
    }

    /// <summary>An opset-8 export: Conv → BatchNormalization(spatial) → Clip(min, max attributes) → Flatten → Gemm.</summary>
    public static ModelProto Opset8()
    {
        var g = new GraphProto { Name = "old" };
        g.Input.Add(Value("x", 1, 3, 8, 8));
        g.Output.Add(Value("y", 1, 10));
        g.Initializer.Add(Weight("w", [4, 3, 3, 3], 1));
        foreach (var (name, seed) in new[] { ("gamma", 2), ("beta", 3), ("mean", 4) }) g.Initializer.Add(Weight(name, [4], seed));
        g.Initializer.Add(Constant("var", [4], [0.5f, 1f, 1.5f, 2f]));
        g.Initializer.Add(Weight("fc", [10, 4 * 8 * 8], 5));
        g.Initializer.Add(Weight("fc_b", [10], 6));
        g.Node.Add(Node("Conv", "conv", ["x", "w"], ["a"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
        g.Node.Add(Node("BatchNormalization", "bn", ["a", "gamma", "beta", "mean", "var"], ["b"], Int("spatial", 1)));
        g.Node.Add(Node("Clip", "relu6", ["b"], ["c"], Float("min", 0f), Float("max", 6f)));
        g.Node.Add(Node("Flatten", "flatten", ["c"], ["d"]));
        g.Node.Add(Node("Gemm", "fc", ["d", "fc", "fc_b"], ["y"], Int("transB", 1)));
        // Old exporters list weights as graph inputs too.
        foreach (var i in g.Initializer) g.Input.Add(Value(i.Name, i.Dims.Cast<object>().ToArray()));
        var m = Model(g, opset: 8);
        m.IrVersion = 3;
        return m;
    }

    /// <summary>Fashion-MNIST shaped: image[1,1,28,28] → Conv 8×3×3 → Relu → MaxPool 2 → Flatten → Gemm 10.</summary>
    public static ModelProto FashionCnn()
    {
        var b = new OnnxBuilder("fashion_cnn", seed: 3);
        var x = b.Input("image", 1, 1, 28, 28);
        x = b.MaxPool("pool", b.Relu("relu", b.Conv("conv", x, 8, 3, pad: 1)), 2, 2);
        b.Output(b.Gemm("fc", b.Flatten("flatten", x), 10), "logits");
        return b.Build();
    }

    /// <summary>An int64 input (token ids) cast to float before a MatMul.</summary>
    public static ModelProto IntegerInput()
    {
        var g = new GraphProto { Name = "ids" };
        var ids = Value("ids", 1, 4);
        ids.Type.TensorType.ElemType = 7;
        g.Input.Add(ids);
        g.Output.Add(Value("y", 1, 2));
        g.Initializer.Add(Weight("W", [4, 2], 1));
        g.Node.Add(Node("Cast", "cast", ["ids"], ["f"], Int("to", 1)));
        g.Node.Add(Node("MatMul", "mm", ["f", "W"], ["y"]));
        return Model(g);
    }

    /// <summary>An opset-9 model with Upsample, whose form changed by opset 13.</summary>
    public static ModelProto Opset9Upsample()
    {
        var g = new GraphProto { Name = "upsample" };
        g.Input.Add(Value("x", 1, 3, 4, 4));
        g.Output.Add(Value("y", 1, 4, 8, 8));
        g.Initializer.Add(Weight("w", [4, 3, 1, 1], 1));
        g.Initializer.Add(Constant("scales", [4], [1f, 1f, 2f, 2f]));
        g.Node.Add(Node("Conv", "conv", ["x", "w"], ["a"], Ints("kernel_shape", 1, 1)));
        g.Node.Add(Node("Upsample", "up", ["a", "scales"], ["y"]));
        return Model(g, opset: 9);
    }

    /// <summary>Values in float_data rather than raw_data, as some exporters write small tensors.</summary>
    private static TensorProto Constant(string name, long[] dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }
}
