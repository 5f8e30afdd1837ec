using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Graph;

public sealed class ModelGraphTests
{
    [Fact]
    public void PretrainedResNet18FirstConvEmits64x112x112Floats()
    {
        var g = TestZoo.Load("zoo:resnet18");

        var conv = g.Nodes.First(n => n.OpType == "Conv");
        Assert.Equal([1L, 64, 112, 112], g.Tensors[conv.Outputs[0]].Shape);
        Assert.Equal(3_211_264, conv.OutputBytes);
        Assert.Equal(74, g.Nodes.Count);
        Assert.Equal([1L, 3, 224, 224], g.Inputs.Single().Shape);
        Assert.Equal([1L, 512, 1, 1], g.Outputs.Single().Shape);
        // Conv MACs of this export are 2.05 G (22 convolutions; see PLATFORM.md).
        long convMacs = g.Nodes.Where(n => n.OpType == "Conv").Sum(n => n.Macs);
        Assert.InRange(convMacs, 2.03e9, 2.07e9);
    }

    [Fact]
    public void CountsMacsAndParamsOfDepthwisePointwisePoolAndGemm()
    {
        var g = ModelGraph.FromProto(TinyModels.DepthwiseChain(), "depthwise");

        long Macs(string name) => g.Nodes.Single(n => n.Name == name).Macs;
        Assert.Equal(8 * 16 * 16 * 9, Macs("dwconv"));          // groups = channels: one 3×3 window per output
        Assert.Equal(16 * 16 * 16 * 8, Macs("pwconv"));
        Assert.Equal(16 * 8 * 8 * 4, g.Nodes.Single(n => n.OpType == "MaxPool").Macs);
        Assert.Equal(0, Macs("flatten"));
        Assert.Equal(10 * 1024, Macs("fc"));
        Assert.Equal(72 + 128 + 10 * 1024 + 10, g.ParamsTotal);
    }

    [Fact]
    public void ResolvesShapesByRunningTheModelWhenItDeclaresNone()
    {
        var proto = TinyModels.DepthwiseChain();
        Assert.Empty(proto.Graph.ValueInfo);

        var g = ModelGraph.FromProto(proto, "depthwise");

        Assert.Equal([1L, 8, 16, 16], g.Tensors["a"].Shape);
        Assert.Equal([1L, 16, 8, 8], g.Tensors["d"].Shape);
        Assert.Equal(16 * 8 * 8 * 4, g.Nodes.Single(n => n.OpType == "MaxPool").OutputBytes);
    }

    [Fact]
    public void NamesUnnamedNodesUniquelyInTopologicalOrder()
    {
        var g = ModelGraph.FromProto(TinyModels.DepthwiseChain(), "depthwise");

        Assert.Equal(g.Nodes.Count, g.Nodes.Select(n => n.Name).Distinct().Count());
        Assert.DoesNotContain(g.Nodes, n => n.Name.Length == 0);
        Assert.Equal(g.Nodes.Select(n => n.Name), g.Proto.Graph.Node.Select(n => n.Name));
    }

    [Fact]
    public void CountsLstmMacsPerStepGateAndHiddenUnit()
    {
        var g = ModelGraph.FromProto(TinyModels.Lstm(), "lstm");

        // steps × batch × 4 gates × hidden × (input + hidden)
        Assert.Equal(5 * 1 * 4 * 6 * (4 + 6), g.Nodes.Single().Macs);
        Assert.Equal([1L, 1, 6], g.Tensors["h"].Shape);
    }

    [Fact]
    public void SymbolicInputDimensionsAskForShape()
    {
        var e = Assert.Throws<InputException>(() => ModelGraph.FromProto(TinyModels.DepthwiseChain("N"), "dyn.onnx"));
        Assert.Contains("a shape override x=1x8x16x16", e.Message);
    }

    [Fact]
    public void ShapeOverrideFixesSymbolicBatch()
    {
        var g = ModelGraph.FromProto(TinyModels.DepthwiseChain("N"), "dyn.onnx", new Dictionary<string, long[]> { ["x"] = [2, 8, 16, 16] });

        Assert.Equal([2L, 10], g.Outputs.Single().Shape);
        Assert.Equal(2 * 10 * 1024, g.Nodes.Single(n => n.Name == "fc").Macs);
    }

    [Fact]
    public void ShapeForAnUnknownInputNamesTheRealOnes()
    {
        var e = Assert.Throws<InputException>(() =>
            ModelGraph.FromProto(TinyModels.DepthwiseChain(), "m.onnx", new Dictionary<string, long[]> { ["image"] = [1, 8, 16, 16] }));
        Assert.Contains("has inputs: x", e.Message);
    }
}
