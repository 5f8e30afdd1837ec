using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Building;
using Verge.Inference.Serving.Api;

namespace Verge.Inference.Tests.Support;

/// <summary>
/// Models and repositories for the serving tests: a small dense layer put together from <see cref="TinyModels"/> and <see cref="OnnxProtos"/> (kept in
/// this one helper so a move to the shared builder touches one file) and Triton-layout folders around it.
/// </summary>
internal static class ServingModels
{
    public const int Features = 4, Classes = 3;

    /// <summary>x[batch, 4] → MatMul W[4, 3] → Add b[3] → y[batch, 3]; <paramref name="batch"/> a symbolic name or a fixed size.</summary>
    public static ModelProto Dense(object batch, int seed = 1)
    {
        var g = new GraphProto { Name = "dense" };
        g.Input.Add(TinyModels.Value("x", batch, Features));
        g.Output.Add(TinyModels.Value("y", batch, Classes));
        g.Initializer.Add(TinyModels.Weight("W", [Features, Classes], seed));
        g.Initializer.Add(TinyModels.Weight("b", [Classes], seed + 1));
        g.Node.Add(OnnxProtos.Node("MatMul", "matmul", ["x", "W"], ["h"]));
        g.Node.Add(OnnxProtos.Node("Add", "add", ["h", "b"], ["y"]));
        return TinyModels.Model(g);
    }

    /// <summary>Writes ROOT/NAME/config.yaml and ROOT/NAME/VERSION/model.onnx for each version given.</summary>
    public static void Add(string root, string name, string configYaml, ModelProto model, params long[] versions)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "config.yaml"), configYaml);
        foreach (var v in versions.Length == 0 ? [1L] : versions)
        {
            var vdir = Directory.CreateDirectory(Path.Combine(dir, v.ToString())).FullName;
            File.WriteAllBytes(Path.Combine(vdir, "model.onnx"), model.ToByteArray());
        }
    }

    /// <summary>A request of <paramref name="rows"/> rows with values seeded by <paramref name="seed"/>.</summary>
    public static NamedTensor Input(int seed, int rows = 1)
    {
        var rng = new Random(seed);
        var values = new float[rows * Features];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextSingle() * 2 - 1;
        return NamedTensor.FromFloats("x", [rows, Features], values);
    }

    /// <summary>What ONNX Runtime gives for <paramref name="x"/> run alone on <paramref name="model"/>.</summary>
    public static float[] RunAlone(ModelProto model, NamedTensor x)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model.ToByteArray());
        using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(x.ToFloats(), x.Shape);
        using var options = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var outputs = session.Run(options, ["x"], [value], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
