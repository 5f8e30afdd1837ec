using Google.Protobuf;
using Onnx;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests;

/// <summary>
/// A three-layer MLP, x[1,64] → MatMul+Relu → h[1,256] → MatMul+Relu → g[1,128] → MatMul → y[1,10], built as ONNX
/// in code and cut by hand: head (x→h), tail (h→y), edge (h→g), cloud (g→y), and the full model (x→y).
/// </summary>
internal static class TestModels
{
    private sealed record Layer(string Input, string Output, int Rows, int Cols, bool Relu, int Seed);

    private static readonly Layer L1 = new("x", "h", 64, 256, true, 1);
    private static readonly Layer L2 = new("h", "g", 256, 128, true, 2);
    private static readonly Layer L3 = new("g", "y", 128, 10, false, 3);

    public static byte[] Full { get; } = Build(L1, L2, L3);
    public static byte[] Head { get; } = Build(L1);
    public static byte[] Tail { get; } = Build(L2, L3);
    public static byte[] Edge { get; } = Build(L2);
    public static byte[] Cloud { get; } = Build(L3);

    public static StageModel HeadStage => new("head", Head, ["x"], ["h"]);
    public static StageModel TailStage => new("tail", Tail, ["h"], ["y"]);
    public static StageModel EdgeStage => new("edge", Edge, ["h"], ["g"]);
    public static StageModel CloudStage => new("cloud", Cloud, ["g"], ["y"]);

    public static FloatTensor Input(int seed)
    {
        var rng = new Random(seed);
        var data = new float[64];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextSingle() * 2 - 1;
        return new FloatTensor("x", [1, 64], data);
    }

    private static byte[] Build(params Layer[] layers)
    {
        var graph = new GraphProto { Name = "mlp" };
        graph.Input.Add(Value(layers[0].Input, layers[0].Rows));
        graph.Output.Add(Value(layers[^1].Output, layers[^1].Cols));
        foreach (var l in layers)
        {
            var weight = $"W_{l.Output}";
            graph.Initializer.Add(Weights(weight, l));
            var product = l.Relu ? $"{l.Output}_pre" : l.Output;
            graph.Node.Add(Node("MatMul", [l.Input, weight], product));
            if (l.Relu)
                graph.Node.Add(Node("Relu", [product], l.Output));
        }
        var model = new ModelProto { IrVersion = 8, ProducerName = "verge-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{output}" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto Weights(string name, Layer l)
    {
        var rng = new Random(l.Seed);
        float bound = 1f / MathF.Sqrt(l.Rows);
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.Add([l.Rows, l.Cols]);
        for (int i = 0; i < l.Rows * l.Cols; i++) t.FloatData.Add((rng.NextSingle() * 2 - 1) * bound * 2);
        return t;
    }

    private static ValueInfoProto Value(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } },
        };
    }
}
