using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Verge.Net.Tests.Serving;

/// <summary>
/// Small models for the edge server's protocol tests, built as ONNX in code, and a Triton-layout repository around
/// them: "dense" (FP32 x[N,4] → MatMul → Add → y[N,3]) and "ints" (INT64 a[N,2] + 5 → sum, INT32 b[N,2] × 3 → product).
/// </summary>
internal static class OipModels
{
    public static byte[] Dense { get; } = BuildDense();
    public static byte[] Ints { get; } = BuildInts();

    /// <summary>A temporary repository holding both models (dense batched with dynamic batching, ints unbatched).</summary>
    public static string Repository()
    {
        var root = Directory.CreateTempSubdirectory("verge-oip-").FullName;
        Add(root, "dense", "max_batch_size: 8\ndynamic_batching:\n  max_queue_delay_us: 500\nprofile_runs: 0\n", Dense);
        Add(root, "ints", "max_batch_size: 0\nprofile_runs: 0\n", Ints);
        return root;
    }

    public static float[] Floats(int seed, int count)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    /// <summary>"dense" run by ONNX Runtime in this process: what the server must answer.</summary>
    public static float[] DenseLocally(float[] x, int rows)
    {
        using var session = new InferenceSession(Dense);
        using var value = OrtValue.CreateTensorValueFromMemory(x, [rows, 4]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["x"], [value], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static void Add(string root, string name, string config, byte[] model)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name, "1")).FullName;
        File.WriteAllText(Path.Combine(root, name, "config.yaml"), config);
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), model);
    }

    private static byte[] BuildDense()
    {
        var g = new GraphProto { Name = "dense" };
        g.Input.Add(Value("x", TensorProto.Types.DataType.Float, "N", 4));
        g.Output.Add(Value("y", TensorProto.Types.DataType.Float, "N", 3));
        var rng = new Random(7);
        var w = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        w.Dims.Add([4, 3]);
        for (int i = 0; i < 12; i++) w.FloatData.Add(rng.NextSingle() - 0.5f);
        var b = new TensorProto { Name = "b", DataType = (int)TensorProto.Types.DataType.Float };
        b.Dims.Add(3);
        b.FloatData.Add([0.25f, -0.5f, 1f]);
        g.Initializer.Add([w, b]);
        g.Node.Add(Node("MatMul", ["x", "W"], "h"));
        g.Node.Add(Node("Add", ["h", "b"], "y"));
        return Model(g);
    }

    private static byte[] BuildInts()
    {
        var g = new GraphProto { Name = "ints" };
        g.Input.Add(Value("a", TensorProto.Types.DataType.Int64, 1, 2));
        g.Input.Add(Value("b", TensorProto.Types.DataType.Int32, 1, 2));
        g.Output.Add(Value("sum", TensorProto.Types.DataType.Int64, 1, 2));
        g.Output.Add(Value("product", TensorProto.Types.DataType.Int32, 1, 2));
        var five = new TensorProto { Name = "five", DataType = (int)TensorProto.Types.DataType.Int64 };
        five.Int64Data.Add(5);
        var three = new TensorProto { Name = "three", DataType = (int)TensorProto.Types.DataType.Int32 };
        three.Int32Data.Add(3);
        g.Initializer.Add([five, three]);
        g.Node.Add(Node("Add", ["a", "five"], "sum"));
        g.Node.Add(Node("Mul", ["b", "three"], "product"));
        return Model(g);
    }

    private static byte[] Model(GraphProto g)
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = "verge-tests", Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return m.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var n = new NodeProto { OpType = op, Name = $"{op}_{output}" };
        n.Input.Add(inputs);
        n.Output.Add(output);
        return n;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
