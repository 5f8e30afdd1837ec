using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Compression.Int8;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;
using Verge.Inference.Runtime;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Compression;

/// <summary>The QDQ model runs in ONNX Runtime, stays close to fp32, stores int8 weights, and fuses into int8 kernels.</summary>
public sealed class Int8QuantizerTests
{
    private static (Int8Result Result, Int8Comparison Comparison) QuantizeAndCompare(ModelGraph graph, string calibration,
        Int8Options? options = null, int heldOut = 32)
    {
        var source = CalibrationSources.Parse(calibration);
        var result = Int8Quantizer.Quantize(graph, source, options ?? new Int8Options { Threads = 1 });
        var comparison = ModelComparer.Compare(graph.ToBytes(), result.ToBytes(), graph.Inputs, source.HeldOut(heldOut), threads: 1, runs: 1);
        return (result, comparison);
    }

    [Fact]
    public void TinyChainAgreesWithFp32AndFusesIntoInt8Kernels()
    {
        var (result, c) = QuantizeAndCompare(TestZoo.Load("zoo:tiny-chain"), "random:32", heldOut: 64);

        Assert.Equal(["conv1", "conv2", "fc"], result.Plan.Nodes.Select(n => n.Name));
        Assert.Equal(64, c.Top1Total);
        Assert.True(c.Top1Agreement >= 0.9, $"top-1 agreement {c.Top1Agreement:P1}");
        Assert.True(c.MaxRelDiff < 0.05, $"max relative difference {c.MaxRelDiff:P2}");
        Assert.True(c.SqnrDb > 25, $"SQNR {c.SqnrDb:0.0} dB");
        Assert.Equal(2, c.Int8Kernels.GetValueOrDefault("QLinearConv"));
        Assert.Equal(1, c.Int8Kernels.GetValueOrDefault("QGemm"));
    }

    [Fact]
    public void TinyDagWithPercentileRangesStaysClose()
    {
        var graph = TestZoo.Load("zoo:tiny-dag");
        var percentile = new Int8Options { Method = CalibrationMethod.Percentile, Percentile = 99.9, Threads = 1 };
        var (result, c) = QuantizeAndCompare(graph, "random:16", percentile);
        var minMax = Int8Quantizer.Quantize(graph, CalibrationSources.Parse("random:16"), new Int8Options { Threads = 1 });

        Assert.Equal(graph.Nodes.Count(n => n.OpType is "Conv" or "Gemm"), result.Plan.Nodes.Count);
        Assert.True(c.Top1Agreement >= 0.9, $"top-1 agreement {c.Top1Agreement:P1}");
        Assert.True(c.MaxRelDiff < 0.1, $"max relative difference {c.MaxRelDiff:P2}");
        Assert.True(c.Int8Kernels.GetValueOrDefault("QLinearConv") >= 8, string.Join(", ", c.Int8Kernels));
        // The same samples: percentile clipping only ever narrows what min-max saw.
        foreach (var (t, r) in result.Ranges)
            Assert.True(r.Min >= minMax.Ranges[t].Min && r.Max <= minMax.Ranges[t].Max, t);
        Assert.Contains(result.Ranges, kv => kv.Value.Width < minMax.Ranges[kv.Key].Width);
    }

    [Fact]
    public void MatMulsWithWeightsAndTwoActivationsAreQuantized()
    {
        var graph = ModelGraph.FromProto(Int8Models.MatMuls(), "matmuls");
        var (result, c) = QuantizeAndCompare(graph, "random:32");

        var gram = Assert.Single(result.Plan.Nodes, n => n.Name == "gram");
        Assert.Equal([0, 1], gram.ActivationInputs);
        Assert.Equal(-1, gram.WeightInput);
        var init = result.Model.Graph.Initializer.ToDictionary(i => i.Name);
        Assert.DoesNotContain("W1", init.Keys);
        Assert.DoesNotContain("W2", init.Keys);
        Assert.Equal(ElementType.Int8, init["W1_quantized"].DataType);
        Assert.Empty(init["W1_scale"].Dims); // MatMul weights: per-tensor
        Assert.True(c.MaxRelDiff < 0.05, $"max relative difference {c.MaxRelDiff:P2}");
        Assert.NotEmpty(c.Int8Kernels);
    }

    [Fact]
    public void ConvWeightsArePerChannelInt8AndBiasesInt32()
    {
        var graph = TestZoo.Load("zoo:tiny-chain");
        var result = Int8Quantizer.Quantize(graph, new RandomCalibrationSource(4), new Int8Options { Threads = 1 });
        using var dir = new TempDir();
        var path = dir.File("tiny-chain.int8.onnx");
        result.Save(path);

        var written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var init = written.Graph.Initializer.ToDictionary(i => i.Name);
        Assert.DoesNotContain("conv1.weight", init.Keys);
        Assert.Equal(ElementType.Int8, init["conv1.weight_quantized"].DataType);
        Assert.Equal([8L], init["conv1.weight_scale"].Dims);
        Assert.Equal([16L], init["conv2.weight_scale"].Dims);
        Assert.Equal([10L], init["fc.weight_scale"].Dims); // Gemm with transB=1: per output row
        var dq = Assert.Single(written.Graph.Node, n => n.OpType == "DequantizeLinear" && n.Input[0] == "conv1.weight_quantized");
        Assert.Equal(0, Assert.Single(dq.Attribute, a => a.Name == "axis").I);
        Assert.Equal(ElementType.Int32, init["conv1.bias_quantized"].DataType);
        Assert.Equal(13, written.OpsetImport.Single(o => o.Domain == "").Version);
        // Every Conv reads a dequantized input, weight and bias.
        foreach (var conv in written.Graph.Node.Where(n => n.OpType == "Conv"))
            Assert.All(conv.Input, i => Assert.EndsWith("_dequantized", i));
    }

    [Fact]
    public void ConvHeavyModelShrinksToUnderAThird()
    {
        var graph = TestZoo.Load("zoo:mobilenetv2-tv");
        var result = Int8Quantizer.Quantize(graph, new RandomCalibrationSource(1), new Int8Options { Threads = 2 });
        var fp32 = graph.ToBytes().Length;
        var int8 = result.ToBytes().Length;

        Assert.True(int8 <= 0.30 * fp32, $"int8 {int8} bytes vs fp32 {fp32}");
        Assert.True(ModelComparer.Int8Kernels(result.ToBytes()).GetValueOrDefault("QLinearConv") >= 50);
    }

    [Fact]
    public void BatchNormFoldingKeepsOutputs()
    {
        var model = Int8Models.Opset8();
        var upgraded = OpsetUpgrade.To13(model, "old");
        var (folded, count) = BatchNormFolding.Fold(upgraded, "old");

        Assert.Equal(1, count);
        Assert.DoesNotContain(folded.Graph.Node, n => n.OpType == "BatchNormalization");
        var x = Enumerable.Range(0, 3 * 8 * 8).Select(i => MathF.Sin(i)).ToArray();
        var expected = Run(model.ToByteArray(), "x", [1, 3, 8, 8], x);
        var actual = Run(folded.ToByteArray(), "x", [1, 3, 8, 8], x);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3);
    }

    [Fact]
    public void Opset8ModelIsUpgradedToOpset13AndQuantized()
    {
        var graph = ModelGraph.FromProto(Int8Models.Opset8(), "old");
        var (result, c) = QuantizeAndCompare(graph, "random:16");

        Assert.Equal(8, result.OriginalOpset);
        Assert.Equal(1, result.FoldedBatchNorms);
        Assert.Equal(13, result.Model.OpsetImport.Single(o => o.Domain == "").Version);
        Assert.DoesNotContain(result.Model.Graph.Input, i => i.Name != "x"); // weights are no longer graph inputs
        Assert.True(c.MaxRelDiff < 0.05, $"max relative difference {c.MaxRelDiff:P2}");
        Assert.Equal(1, c.Int8Kernels.GetValueOrDefault("QLinearConv"));
    }

    [Fact]
    public void OldOpWhoseFormChangedAsksForReExport()
    {
        var graph = ModelGraph.FromProto(Int8Models.Opset9Upsample(), "up.onnx");
        var e = Assert.Throws<InputException>(() => Int8Quantizer.Quantize(graph, new RandomCalibrationSource(2)));
        Assert.Contains("'up.onnx' is at opset 9 and has Upsample 'up'", e.Message);
        Assert.Contains("re-export the model at opset 13", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NonFloatInputIsRefused()
    {
        var graph = ModelGraph.FromProto(Int8Models.IntegerInput(), "ids.onnx");
        var e = Assert.Throws<InputException>(() => Int8Quantizer.Quantize(graph, new RandomCalibrationSource(2)));
        Assert.Equal("int8 quantization needs float32 model inputs, but input 'ids' is int64; quantize a model that takes float32 tensors", e.Message);
    }

    [Fact]
    public void ModelWithoutConvGemmOrMatMulIsRefused()
    {
        var graph = ModelGraph.FromProto(Support.TinyModels.Lstm(), "lstm.onnx");
        var e = Assert.Throws<InputException>(() => Int8Quantizer.Quantize(graph, new RandomCalibrationSource(2)));
        Assert.Contains("has no Conv, Gemm or MatMul", e.Message);
    }

    private static float[] Run(byte[] model, string input, long[] shape, float[] values)
    {
        using var session = new InferenceSession(model);
        using var x = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var r = session.Run(new RunOptions(), [input], [x], [session.OutputNames[0]]);
        return r[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
