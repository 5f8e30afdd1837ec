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
        // Published figures hold within rounding and counting conventions; the small test models are counted by hand, exactly.
        bool published = arch.PublishedGMacs is not null;
        double expectedGMacs = arch.PublishedGMacs ?? HandCounted[name].Macs / 1e9, expectedMParams = arch.PublishedMParams ?? HandCounted[name].Params / 1e6;
        Assert.InRange(gmacs, expectedGMacs * (published ? 0.95 : 1 - 1e-12), expectedGMacs * (published ? 1.05 : 1 + 1e-12));
        Assert.InRange(mparams, expectedMParams * (published ? 0.99 : 1 - 1e-12), expectedMParams * (published ? 1.01 : 1 + 1e-12));
    }

    /// <summary>MACs (elementwise ops count one per output element) and parameters of the models with no published figures.</summary>
    private static readonly Dictionary<string, (long Macs, long Params)> HandCounted = new()
    {
        // 32 steps × 4·128·(64+128) gate MACs + Gemm 128·10; 4·128·(64+128) weights + 8·128 biases + 128·10 + 10.
        ["lstm-seq"] = (32L * 4 * 128 * (64 + 128) + 128 * 10, 4L * 128 * (64 + 128) + 8 * 128 + 128 * 10 + 10),
        // conv 32²·8·27 + relu 8·32² + pool 8·16²·4 + conv 16²·16·72 + relu 16·16² + pool 16·8²·4 + Gemm 1024·10.
        ["tiny-chain"] = (32L * 32 * 8 * 27 + 8 * 32 * 32 + 8 * 16 * 16 * 4 + 16 * 16 * 16 * 72 + 16 * 16 * 16 + 16 * 8 * 8 * 4 + 1024 * 10,
            3 * 8 * 9 + 8 + 8 * 16 * 9 + 16 + 1024 * 10 + 10),
        // MACs as `verge inspect zoo:tiny-dag` has reported since the model was added; parameters: stem conv, four 3×3
        // convs in the residual blocks, the mixed block's three 1×1 convs and one 3×3, Gemm 32·10.
        ["tiny-dag"] = (3_307_840, 3 * 16 * 9 + 16 + 4 * (16 * 16 * 9 + 16) + 3 * (16 * 8 + 8) + 8 * 16 * 9 + 16 + 32 * 10 + 10),
    };

    [Fact]
    public void ResNet18NodesCarryTorchvisionModuleNames()
    {
        var g = models.Get("resnet18-tv");
        var names = g.Nodes.Select(n => n.Name).ToHashSet();
        Assert.Subset(names, new HashSet<string> { "conv1", "maxpool", "layer1.0.conv1", "layer2.0.downsample.0", "layer4.1.add", "fc" });
        Assert.DoesNotContain(g.Nodes, n => n.Name.StartsWith(n.OpType + "_", StringComparison.Ordinal));
        Assert.Equal(20, g.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(8, g.Nodes.Count(n => n.OpType == "Add"));
    }

    [Theory]
    [InlineData("resnet18-tv")]
    [InlineData("mobilenetv2-tv")]
    [InlineData("googlenet-tv")]
    [InlineData("shufflenetv2-tv")]
    public void BatchNormIsFoldedIntoBiasedConvolutions(string name)
    {
        var g = models.Get(name);
        Assert.DoesNotContain(g.Nodes, n => n.OpType == "BatchNormalization");
        Assert.All(g.Nodes.Where(n => n.OpType == "Conv"), n => Assert.Equal(3, n.Inputs.Count));
    }

    [Fact]
    public void DenseNetKeepsItsPreActivationBatchNormsAndConcatenatesEveryLayer()
    {
        var g = models.Get("densenet121-tv");
        // 58 dense layers' norm1, 3 transitions, norm5.
        Assert.Equal(62, g.Nodes.Count(n => n.OpType == "BatchNormalization"));
        // One Concat per dense layer after a block's first, plus one per block output.
        Assert.Equal(58 - 4 + 4, g.Nodes.Count(n => n.OpType == "Concat"));
        var last = g.Nodes.Single(n => n.Name == "features.denseblock4.concat");
        Assert.Equal(17, last.Inputs.Count);
        Assert.Equal([1L, 1024, 7, 7], g.Tensors[last.Outputs[0]].Shape);
    }

    [Fact]
    public void MobileNetV2UsesClipForReLU6AndDepthwiseConvolutions()
    {
        var g = models.Get("mobilenetv2-tv");
        var clips = g.Nodes.Where(n => n.OpType == "Clip").ToList();
        Assert.Equal(35, clips.Count);
        Assert.All(clips, c => Assert.Equal(3, c.Inputs.Count));
        var depthwise = g.Proto.Graph.Node.Where(n => n.OpType == "Conv" && n.Attribute.Single(a => a.Name == "group").I > 1).ToList();
        Assert.Equal(17, depthwise.Count);
        Assert.All(depthwise, n => Assert.Equal(g.Tensors[n.Input[0]].Shape[1], n.Attribute.Single(a => a.Name == "group").I));
    }

    [Fact]
    public void ShuffleNetV2SplitsConcatenatesAndShufflesChannels()
    {
        var g = models.Get("shufflenetv2-tv");
        Assert.Equal(13, g.Nodes.Count(n => n.OpType == "Split"));
        Assert.Equal(16, g.Nodes.Count(n => n.OpType == "Transpose"));
        Assert.Equal(32, g.Nodes.Count(n => n.OpType == "Reshape"));
        Assert.Equal([1L, 2, 58, 28, 28], g.Tensors["stage2.0.shuffle.view1"].Shape);
    }

    [Fact]
    public void GoogLeNetInceptionBlocksJoinFourBranches()
    {
        var g = models.Get("googlenet-tv");
        var concats = g.Nodes.Where(n => n.OpType == "Concat").ToList();
        Assert.Equal(9, concats.Count);
        Assert.All(concats, c => Assert.Equal(4, c.Inputs.Count));
        Assert.Equal([1L, 1024, 7, 7], g.Tensors["inception5b.concat"].Shape);
    }
}
