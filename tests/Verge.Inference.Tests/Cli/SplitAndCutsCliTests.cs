using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Verge.Inference.Graph;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>`verge split` and `verge cuts --verify` as a user runs them; the stages are chained here with ONNX Runtime alone.</summary>
public sealed class SplitAndCutsCliTests
{
    [Fact]
    public void SplitStagesChainedGiveTheWholeModelsOutput()
    {
        using var dir = new TempDir();
        var r = ChildProcess.RunVerge("split", "zoo:tiny-dag", "--cut", "stem.pool,block1.relu1", "--cut", "block2.relu2", "--out", dir.Path);
        Assert.True(r.ExitCode == 0, r.Stderr);

        using var plan = JsonDocument.Parse(File.ReadAllText(dir.File("plan.json")));
        Assert.Equal("zoo:tiny-dag", plan.RootElement.GetProperty("model").GetString());
        var stages = plan.RootElement.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["stage_1.onnx", "stage_2.onnx", "stage_3.onnx"], stages.Select(s => s.GetProperty("file").GetString()));
        string[] Names(JsonElement stage, string key) => stage.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["input"], Names(stages[0], "inputs"));
        Assert.Equal(["stem.pool", "block1.relu1"], Names(stages[0], "outputs"));
        Assert.Equal(["block1.relu1", "stem.pool"], Names(stages[1], "inputs").Order());
        Assert.Equal(["block2.relu2"], Names(stages[2], "inputs"));
        Assert.Equal(["output"], Names(stages[2], "outputs"));

        var whole = TestZoo.Load("zoo:tiny-dag");
        var shape = whole.Inputs.Single().Shape.Select(d => (int)d).ToArray();
        var rng = new Random(7);
        var input = new DenseTensor<float>(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)rng.NextDouble()).ToArray(), shape);
        var expected = Run(whole.ToBytes(), new() { ["input"] = input })["output"];

        // Chain the stage files: each takes what the ones before it produced.
        var tensors = new Dictionary<string, DenseTensor<float>> { ["input"] = input };
        foreach (var stage in stages)
        {
            var feeds = Names(stage, "inputs").ToDictionary(n => n, n => tensors[n]);
            foreach (var (name, value) in Run(File.ReadAllBytes(dir.File(stage.GetProperty("file").GetString()!)), feeds)) tensors[name] = value;
        }
        var actual = tensors["output"];
        Assert.Equal(expected.Dimensions.ToArray(), actual.Dimensions.ToArray());
        double scale = expected.Max(v => Math.Abs(v));
        Assert.True(scale > 0);
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4 * scale, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void CutsVerifyChecksEveryCutAgainstTheWholeModel()
    {
        var r = ChildProcess.RunVerge("cuts", "zoo:tiny-dag", "--verify", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);

        using var doc = JsonDocument.Parse(r.Stdout);
        var cuts = doc.RootElement.GetProperty("cuts").EnumerateArray().ToList();
        Assert.Equal(27, cuts.Count); // one before the first node and one after each of tiny-dag's 26 nodes
        Assert.All(cuts, c => Assert.InRange(c.GetProperty("max_relative_difference").GetDouble(), 0, 1e-4));
        Assert.Contains(cuts, c => c.GetProperty("tensors").GetArrayLength() == 3); // inside the mixed block three branches cross
        Assert.Contains("all 27 cuts reproduce the whole model", r.Stderr);
    }

    private static Dictionary<string, DenseTensor<float>> Run(byte[] model, Dictionary<string, DenseTensor<float>> feeds)
    {
        using var session = new InferenceSession(model);
        var inputs = feeds.Select(f => NamedOnnxValue.CreateFromTensor(f.Key, f.Value)).ToList();
        using var results = session.Run(inputs);
        return results.ToDictionary(v => v.Name, v => new DenseTensor<float>(v.AsTensor<float>().ToArray(), v.AsTensor<float>().Dimensions.ToArray()));
    }
}
