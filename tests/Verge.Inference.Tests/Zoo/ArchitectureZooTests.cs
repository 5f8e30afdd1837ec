using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Xunit.Abstractions;

namespace Verge.Inference.Tests.Zoo;

public sealed class ArchitectureZooTests(ZooModelsFixture models, ITestOutputHelper output) : IClassFixture<ZooModelsFixture>
{
    public static TheoryData<string> Names => new(ArchitectureZoo.All.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void RunsInOnnxRuntimeWithTheDeclaredOutputShape(string name)
    {
        var g = models.Get(name);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(g.ToBytes(), options);
        using var feeds = ModelInputs.Create(g.Inputs, InputFill.Random);
        using var run = new RunOptions();
        using var results = session.Run(run, feeds.Names, feeds.Values, session.OutputNames);

        var expected = g.Outputs.Single();
        var shape = results[0].GetTensorTypeAndShape().Shape;
        Assert.Equal(expected.Shape, shape);
        Assert.Equal(name.StartsWith("lstm", StringComparison.Ordinal) || name.StartsWith("tiny", StringComparison.Ordinal) ? 10 : 1000, shape[^1]);
        var values = results[0].GetTensorDataAsSpan<float>();
        foreach (var v in values) Assert.True(float.IsFinite(v), $"{name} produced {v}");
        Assert.NotEqual(0f, values[0]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MacsAndParametersMatchThePublishedFigures(string name)
    {
        var arch = ArchitectureZoo.Find(name);
        var g = models.Get(name);
        double gmacs = g.MacsTotal / 1e9, mparams = g.ParamsTotal / 1e6;
        double convFc = g.Nodes.Where(n => n.OpType is "Conv" or "Gemm" or "MatMul").Sum(n => n.Macs) / 1e9;
        output.WriteLine($"{name}: {g.Nodes.Count} nodes, {mparams:F3} M params, {gmacs:F4} G MACs (conv+fc {convFc:F4} G)");
        if (arch.PublishedGMacs is { } publishedMacs)
            Assert.InRange(gmacs, publishedMacs * 0.95, publishedMacs * 1.05);
        if (arch.PublishedMParams is { } publishedParams)
            Assert.InRange(mparams, publishedParams * 0.99, publishedParams * 1.01);
    }
}
