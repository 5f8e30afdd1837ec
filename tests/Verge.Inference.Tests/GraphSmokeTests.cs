using Verge.Inference.Graph;

namespace Verge.Inference.Tests;

public sealed class GraphSmokeTests
{
    [Fact]
    public void ResNet18FirstConvOutputIs64x112x112()
    {
        var g = ModelGraph.Load("zoo:resnet18");
        var conv = g.Nodes.First(n => n.OpType == "Conv");
        Assert.Equal(3_211_264, conv.OutputBytes);
    }
}
