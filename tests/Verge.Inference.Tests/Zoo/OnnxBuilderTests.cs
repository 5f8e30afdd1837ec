using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Inference.Zoo.Architectures;

namespace Verge.Inference.Tests.Zoo;

public sealed class OnnxBuilderTests
{
    [Theory]
    [InlineData(TinyChain.Name)]
    [InlineData(TinyDag.Name)]
    [InlineData(LstmSequence.Name)]
    [InlineData(ShuffleNetV2.Name)]
    [InlineData(SqueezeNet11.Name)]
    [InlineData(GoogLeNet.Name)]
    public void DeclaredShapesAreTheShapesOnnxRuntimeProduces(string name)
    {
        var proto = ArchitectureZoo.Find(name).Build(1);
        var declared = ModelGraph.FromProto(proto, name);

        // Without value_info and output shapes, ModelGraph has to run the model to learn them.
        var bare = proto.Clone();
        bare.Graph.ValueInfo.Clear();
        foreach (var o in bare.Graph.Output) o.Type.TensorType.Shape = null;
        var measured = ModelGraph.FromProto(bare, name + " (no value_info)");

        foreach (var node in declared.Nodes)
            foreach (var t in node.Outputs)
                Assert.True(declared.Tensors[t].Shape.SequenceEqual(measured.Tensors[t].Shape),
                    $"{node.Name}: declared {declared.Tensors[t].ShapeText}, ONNX Runtime made {measured.Tensors[t].ShapeText}");
        Assert.Equal(declared.MacsTotal, measured.MacsTotal);
        Assert.Equal(declared.ParamsTotal, measured.ParamsTotal);
    }

    [Fact]
    public void TheSameSeedWritesTheSameBytesAndAnotherSeedOtherWeights()
    {
        var first = TinyDag.Build(7).ToByteArray();
        Assert.Equal(first, TinyDag.Build(7).ToByteArray());

        var other = TinyDag.Build(8);
        Assert.NotEqual(first, other.ToByteArray());
        var same = TinyDag.Build(7);
        Assert.Equal(same.Graph.Node.Select(n => n.Name), other.Graph.Node.Select(n => n.Name));
        Assert.NotEqual(same.Graph.Initializer.First(i => i.Name == "stem.conv.weight").RawData,
            other.Graph.Initializer.First(i => i.Name == "stem.conv.weight").RawData);
    }

    [Fact]
    public void ConvWeightsAreHeScaledNormals()
    {
        var b = new OnnxBuilder("he");
        var x = b.Input("input", 1, 64, 8, 8);
        b.Output(b.Conv("conv", x, 128, 3, bias: false));
        var raw = b.Build().Graph.Initializer.Single(i => i.Name == "conv.weight").RawData.ToByteArray();
        var w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
        Assert.Equal(128 * 64 * 3 * 3, w.Length);
        double mean = w.Average(), std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, Math.Sqrt(2.0 / (64 * 9)) * 0.97, Math.Sqrt(2.0 / (64 * 9)) * 1.03);
    }

    [Fact]
    public void LayersComputeTheirOutputShapes()
    {
        var b = new OnnxBuilder("shapes");
        var x = b.Input("input", 1, 16, 15, 15);
        Assert.Equal([1, 32, 8, 8], b.Conv("strided", x, 32, 3, stride: 2, pad: 1).Shape);
        Assert.Equal([1, 16, 11, 11], b.Conv("dilated", x, 16, 3, dilation: 2).Shape);
        var dw = b.DepthwiseConv("depthwise", x, 3, pad: 1);
        Assert.Equal([1, 16, 15, 15], dw.Shape);
        Assert.Equal([1, 16, 7, 7], b.MaxPool("floor", x, 3, 2).Shape);
        Assert.Equal([1, 16, 8, 8], b.AveragePool("ceil", x, 2, 2, ceilMode: true).Shape);
        Assert.Equal([1, 3600], b.Flatten("flat", x).Shape);
        var parts = b.Split("split", x, 1, 4, 12);
        Assert.Equal([1, 12, 15, 15], parts[1].Shape);
        Assert.Equal([1, 28, 15, 15], b.Concat("cat", [x, parts[1]]).Shape);
        Assert.Equal([1, 15, 16, 15], b.Transpose("t", x, 0, 2, 1, 3).Shape);
        Assert.Equal([16, 225], b.Reshape("r", x, 16, -1).Shape);
        Assert.Equal([1, 16, 15, 15], b.Mul("scale", x, b.Sigmoid("gate", b.GlobalAveragePool("gap", x))).Shape);
        b.Output(dw);

        var model = b.Build();
        var conv = model.Graph.Node.Single(n => n.Name == "depthwise");
        Assert.Equal(16, conv.Attribute.Single(a => a.Name == "group").I);
        Assert.Equal([16L, 1, 3, 3], model.Graph.Initializer.Single(i => i.Name == "depthwise.weight").Dims);
    }

    [Fact]
    public void WindowOutputFollowsPyTorchCeilMode()
    {
        Assert.Equal(56, OnnxBuilder.WindowOutput(112, 3, 2, 0, 1, ceilMode: true));
        Assert.Equal(55, OnnxBuilder.WindowOutput(112, 3, 2, 0, 1, ceilMode: false));
        // The last window would start in the right padding only, so ceil mode drops it.
        Assert.Equal(2, OnnxBuilder.WindowOutput(3, 2, 2, 1, 1, ceilMode: true));
    }

    [Fact]
    public void GivenWeightsAndARenamedInnerTensorMakeAValidGraph()
    {
        // The learning exporter's path: weights given by the caller, a trunk tensor renamed for a cut.
        var b = new OnnxBuilder("given", producer: "verge-tests");
        var x = b.Input("input", 1, 2, 6, 6);
        var w = b.Constant("conv.weight", [3, 2, 3, 3], Enumerable.Range(0, 54).Select(i => i / 54f).ToArray());
        var c = b.Rename(b.Relu("act", b.Conv("conv", x, w, null, pad: 1)), "branch1");
        var fc = b.Constant("fc.weight", [4, 108], new float[4 * 108]);
        b.Output(b.Gemm("fc", b.Flatten("flat", c), fc, b.Constant("fc.bias", [4], [1f, 2f, 3f, 4f])), "logits");

        var proto = b.Build();
        Assert.Equal("verge-tests", proto.ProducerName);
        Assert.Equal(["branch1"], proto.Graph.Node.Single(n => n.Name == "flat").Input);
        Assert.Contains(proto.Graph.ValueInfo, v => v.Name == "branch1");
        var g = ModelGraph.FromProto(proto, "given");
        Assert.Equal([1L, 3, 6, 6], g.Tensors["branch1"].Shape);
        Assert.Equal([1L, 4], g.Outputs.Single().Shape);
        Assert.Throws<ArgumentException>(() => b.Conv("bad", x, fc, null));
    }

    [Fact]
    public void ReusingANodeNameIsRefused()
    {
        var b = new OnnxBuilder("dup");
        var x = b.Input("input", 1, 3, 8, 8);
        b.Relu("act", x);
        var e = Assert.Throws<ArgumentException>(() => b.Relu("act", x));
        Assert.Contains("'act'", e.Message);
    }

    [Fact]
    public void ASavedModelLoadsRunsAndCountsItsWork()
    {
        var b = new OnnxBuilder("mlp", seed: 3);
        var x = b.Input("features", 4, 20);
        var h = b.Relu("hidden.relu", b.MatMul("hidden", x, 32));
        var p = b.Softmax("probs", b.Gemm("head", h, 5));
        b.Output(p, "probabilities");
        var path = Path.Combine(Path.GetTempPath(), $"verge-builder-{Guid.NewGuid():N}.onnx");
        try
        {
            b.Save(path);
            var g = ModelGraph.Load(path);
            Assert.Equal(["hidden", "hidden.relu", "head", "probs"], g.Nodes.Select(n => n.Name));
            Assert.Equal("probabilities", g.Outputs.Single().Name);
            Assert.Equal([4L, 5], g.Outputs.Single().Shape);
            Assert.Equal(20 * 32 + 32 * 5 + 5, g.ParamsTotal);
            Assert.Equal(4 * 32 * 20 + 4 * 32 + 4 * 5 * 32 + 4 * 5, g.MacsTotal);

            using var session = new InferenceSession(path);
            using var feeds = ModelInputs.Create(g.Inputs, InputFill.Random);
            using var run = new RunOptions();
            using var results = session.Run(run, feeds.Names, feeds.Values, session.OutputNames);
            var probs = results[0].GetTensorDataAsSpan<float>();
            for (int row = 0; row < 4; row++)
                Assert.Equal(1f, probs.Slice(row * 5, 5).ToArray().Sum(), 4);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LstmMacsAreStepsTimesGatesTimesHiddenTimesInputPlusHidden()
    {
        var g = ModelGraph.FromProto(LstmSequence.Build(), LstmSequence.Name);
        var lstm = g.Nodes.Single(n => n.OpType == "LSTM");
        Assert.Equal(32L * 4 * 128 * (64 + 128), lstm.Macs);
        Assert.Equal(4 * 128 * 64 + 4 * 128 * 128 + 8 * 128, lstm.Params);
    }

    [Fact]
    public void MaterializeWritesOnceAndRewritesAStaleFile()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"verge-zoo-{Guid.NewGuid():N}");
        try
        {
            var arch = ArchitectureZoo.Find(TinyChain.Name);
            var paths = new string[4];
            Parallel.For(0, paths.Length, i => paths[i] = ArchitectureZoo.Materialize(arch, cache));
            Assert.All(paths, p => Assert.Equal(Path.Combine(cache, "arch", "tiny-chain.onnx"), p));
            var written = File.GetLastWriteTimeUtc(paths[0]);
            Assert.Equal(TinyChain.Build(ArchitectureZoo.Seed).ToByteArray(), File.ReadAllBytes(paths[0]));

            ArchitectureZoo.Materialize(arch, cache);
            Assert.Equal(written, File.GetLastWriteTimeUtc(paths[0]));

            File.WriteAllText(paths[0] + ".version", "stale");
            File.WriteAllText(paths[0], "half-written");
            ArchitectureZoo.Materialize(arch, cache);
            Assert.Equal(TinyChain.Build(ArchitectureZoo.Seed).ToByteArray(), File.ReadAllBytes(paths[0]));
            Assert.Empty(Directory.GetFiles(Path.Combine(cache, "arch"), "*.tmp"));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
