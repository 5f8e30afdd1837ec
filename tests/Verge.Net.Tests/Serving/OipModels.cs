using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;

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
        g.Input.Add(Symbolic("x", 4));
        g.Output.Add(Symbolic("y", 3));
        var rng = new Random(7);
        var w = Enumerable.Range(0, 12).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        g.Initializer.Add([OnnxProtos.Floats("W", [4, 3], w), OnnxProtos.Floats("b", [3], [0.25f, -0.5f, 1f])]);
        g.Node.Add(OnnxProtos.Node("MatMul", "matmul", ["x", "W"], ["h"]));
        g.Node.Add(OnnxProtos.Node("Add", "add", ["h", "b"], ["y"]));
        return Model(g);
    }

    private static byte[] BuildInts()
    {
        var g = new GraphProto { Name = "ints" };
        g.Input.Add([OnnxProtos.Value("a", ElementType.Int64, [1, 2]), OnnxProtos.Value("b", ElementType.Int32, [1, 2])]);
        g.Output.Add([OnnxProtos.Value("sum", ElementType.Int64, [1, 2]), OnnxProtos.Value("product", ElementType.Int32, [1, 2])]);
        g.Initializer.Add([OnnxProtos.Int64s("five", [], [5L]), OnnxProtos.Int32s("three", [], [3])]);
        g.Node.Add(OnnxProtos.Node("Add", "add", ["a", "five"], ["sum"]));
        g.Node.Add(OnnxProtos.Node("Mul", "mul", ["b", "three"], ["product"]));
        return Model(g);
    }

    private static byte[] Model(GraphProto g)
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = "verge-tests", Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return m.ToByteArray();
    }

    /// <summary>A float tensor [N, width] with a symbolic batch dimension (OnnxProtos.Value takes static shapes only).</summary>
    private static ValueInfoProto Symbolic(string name, long width)
    {
        var v = OnnxProtos.FloatValue(name, [1, width]);
        v.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        return v;
    }
}
