using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Runtime;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Graph;

public sealed class SubmodelExtractorTests
{
    internal static float[] RunWhole(ModelGraph g, ModelInputs feeds)
    {
        using var options = new SessionOptions();
        using var session = new InferenceSession(g.ToBytes(), options);
        using var ro = new RunOptions();
        using var results = session.Run(ro, feeds.Names, feeds.Values, [g.Outputs[0].Name]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(v)) + 1e-6;
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst / scale <= 1e-4, $"max relative difference {worst / scale:g3}");
    }

    private static void AssertSplitReproduces(ModelGraph g, params IReadOnlyList<string>[] cuts)
    {
        var stages = SubmodelExtractor.Split(g, cuts);
        Assert.Equal(cuts.Length + 1, stages.Count);
        using var feeds = ModelInputs.Create(g.Inputs, InputFill.Random);
        using var pipeline = new StagePipeline(stages);
        var split = pipeline.Run(feeds)[g.Outputs[0].Name];
        AssertClose(RunWhole(g, feeds), split);
    }

    [Fact]
    public void ChainSplitAtOneTensorReproducesTheModel() =>
        AssertSplitReproduces(ModelGraph.FromProto(TinyModels.DepthwiseChain(), "chain"), ["c"]);

    [Fact]
    public void SkipTensorPassesThroughTheMiddleStage()
    {
        var g = ModelGraph.FromProto(TinyModels.Residual(), "residual");
        var stages = SubmodelExtractor.Split(g, [["a"], ["a", "c"]]);

        Assert.Equal(["conv1"], stages[0].NodeNames);
        Assert.Equal(["relu1", "conv2"], stages[1].NodeNames);
        Assert.Equal(["add", "relu2"], stages[2].NodeNames);
        AssertSplitReproduces(g, ["a"], ["a", "c"]);
    }

    [Fact]
    public void StagesCarryOnlyTheWeightsTheirNodesRead()
    {
        var g = ModelGraph.FromProto(TinyModels.Residual(), "residual");
        var stages = SubmodelExtractor.Split(g, [["a", "b"]]);

        Assert.Equal(["w1"], stages[0].Model.Graph.Initializer.Select(w => w.Name));
        Assert.Equal(["w2"], stages[1].Model.Graph.Initializer.Select(w => w.Name));
    }

    [Fact]
    public void CutThatMissesASkipTensorIsRejected()
    {
        var g = ModelGraph.FromProto(TinyModels.Residual(), "residual");

        // After cut {a} and cut {c}, stage 3 needs 'a' again, which did not cross the second cut.
        var e = Assert.Throws<InputException>(() => SubmodelExtractor.Split(g, [["a"], ["c"]]));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("add it to the cut", e.Message);
    }

    [Fact]
    public void UnknownCutTensorPointsToVergeCuts()
    {
        var g = ModelGraph.FromProto(TinyModels.Residual(), "residual");
        var e = Assert.Throws<InputException>(() => SubmodelExtractor.Split(g, [["nope"]]));
        Assert.Contains("verge cuts", e.Message);
    }

    [Fact]
    public void PretrainedResNet18SplitsInsideAndBetweenResidualBlocks()
    {
        var g = TestZoo.Load("zoo:resnet18");
        var cuts = CutEnumerator.Enumerate(g);
        var inside = cuts.First(c => c.Tensors.Count == 2);   // a residual block's skip and main path
        AssertSplitReproduces(g, inside.Tensors);
        AssertSplitReproduces(g, cuts[4].Tensors, cuts[40].Tensors);
    }

    [Theory]
    [InlineData("zoo:tiny-dag")]
    [InlineData("zoo:tiny-chain")]
    [InlineData("zoo:lstm-seq")]
    public void EveryCutOfASmallModelReproducesItsOutputs(string model)
    {
        var g = TestZoo.Load(model);
        using var verifier = new SplitVerifier(g);
        foreach (var cut in CutEnumerator.Enumerate(g))
            Assert.InRange(verifier.MaxRelativeDifference(cut), 0, 1e-4);
    }
}
