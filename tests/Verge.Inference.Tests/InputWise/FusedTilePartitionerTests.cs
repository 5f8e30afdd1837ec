using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class FusedTilePartitionerTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var model in new[] { "resnet-tiny", "vgg-mini", "windows" })
            for (int n = 2; n <= 5; n++)
                data.Add(model, n, n);
        data.Add("windows", 2, 5);
        // Strips: the fewer, larger tiles the latency model picks when round trips and halos cost more than balance.
        data.Add("resnet-tiny", 1, 3);
        data.Add("vgg-mini", 3, 1);
        data.Add("windows", 1, 2);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TilesStitchedThenTheRestEqualTheWholeModel(string model, int rows, int cols)
    {
        var graph = Load(model);
        var block = FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= rows && c.OutputInfo.Shape[3] >= cols);
        var plan = FusedTilePartitioner.Partition(block, new TileGrid(rows, cols));
        var image = Image(block.InputInfo);
        using var tiles = new TileExecutor(plan);
        var got = tiles.Run(image);
        var want = Whole(graph, image);

        foreach (var (name, expected) in want)
            Assert.True(MaxRelativeDifference(expected, got[name]) <= 1e-5, $"{model} {rows}x{cols}: '{name}' differs");
        Assert.Equal(rows * cols, plan.Tiles.Count);
    }

    [Fact]
    public void ResidualJoinsStayInsideTheBlock()
    {
        var block = FusedBlock.Find(TileModels.ResNetTiny());

        Assert.Equal("Relu_4", block.Graph.Nodes[block.Nodes[^1]].Name);
        Assert.Contains(block.Nodes, i => block.Graph.Nodes[i].OpType == "Add");
    }

    [Fact]
    public void TilesNeedLessActivationMemoryThanTheBlock()
    {
        var graph = TileModels.VggMini();
        var block = FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= 7);
        var plan = FusedTilePartitioner.Partition(block, new TileGrid(3, 3));

        Assert.True(plan.PeakMemoryRatio < 0.6, $"ratio {plan.PeakMemoryRatio}");
        Assert.True(plan.MacsOverhead >= 1.0);
    }

    private static ModelGraph Load(string model) => model switch
    {
        "resnet-tiny" => TileModels.ResNetTiny(),
        "vgg-mini" => TileModels.VggMini(),
        _ => TileModels.Windows(),
    };

    internal static float[] Image(TensorInfo input)
    {
        var rng = new Random(7);
        return Enumerable.Range(0, (int)input.Elements).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    internal static Dictionary<string, float[]> Whole(ModelGraph graph, float[] image)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(graph.ToBytes());
        using var value = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(image, graph.Inputs[0].Shape);
        var names = graph.Outputs.Select(o => o.Name).ToArray();
        using var ro = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var results = session.Run(ro, [graph.Inputs[0].Name], [value], names);
        return names.Select((n, k) => (n, results[k].GetTensorDataAsSpan<float>().ToArray())).ToDictionary(p => p.n, p => p.Item2);
    }

    /// <summary>Largest |a − b| over the largest |a| (a relative error that a near-zero element cannot blow up).</summary>
    internal static double MaxRelativeDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-12, expected.Max(v => Math.Abs((double)v)));
        return expected.Zip(actual).Max(p => Math.Abs((double)p.First - p.Second)) / scale;
    }
}
