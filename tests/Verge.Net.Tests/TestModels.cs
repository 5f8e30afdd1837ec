using Google.Protobuf;
using Verge.Inference.Graph.Building;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests;

/// <summary>
/// A three-layer MLP, x[1,64] → MatMul+Relu → h[1,256] → MatMul+Relu → g[1,128] → MatMul → y[1,10], written with
/// <see cref="OnnxBuilder"/> and cut by hand: head (x→h), tail (h→y), edge (h→g), cloud (g→y), and the full model (x→y).
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
        var b = new OnnxBuilder("mlp", producer: "verge-tests");
        var x = b.Input(layers[0].Input, 1, layers[0].Rows);
        foreach (var l in layers)
        {
            var w = b.Constant($"W_{l.Output}", [l.Rows, l.Cols], Weights(l));
            x = l.Relu ? b.Relu(l.Output, b.MatMul($"{l.Output}_pre", x, w)) : b.MatMul(l.Output, x, w);
        }
        b.Output(x);
        return b.Build().ToByteArray();
    }

    private static float[] Weights(Layer l)
    {
        var rng = new Random(l.Seed);
        float bound = 1f / MathF.Sqrt(l.Rows);
        var values = new float[l.Rows * l.Cols];
        for (int i = 0; i < values.Length; i++) values[i] = (rng.NextSingle() * 2 - 1) * bound * 2;
        return values;
    }
}
