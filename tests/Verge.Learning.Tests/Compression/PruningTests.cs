using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.Compression.Pruning;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Tests.Compression;

public sealed class PruningTests
{
    [Fact]
    public async Task MagnitudePruningReachesTheSparsityAndFineTuningKeepsPrunedWeightsAtZero()
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(320);
        var model = TrainableZoo.Create("lenet5", seed: 3);
        var mask = MagnitudePruner.Prune(model, 0.8);
        Assert.InRange(mask.Sparsity, 0.7999, 0.8001);
        Assert.InRange(PruningMask.MeasureSparsity(model), 0.7999, 1.0);
        var before = model.GetWeights();

        var optimizer = new MaskedOptimizer(new Adam(model.Parameters(), 1e-3f), mask);
        Trainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: 1), optimizer);

        var after = model.State();
        int moved = 0;
        foreach (var weight in MagnitudePruner.Prunable(model))
        {
            int index = after.ToList().FindIndex(s => s.Name == weight.Name);
            for (int i = 0; i < weight.Tensor.Length; i++)
            {
                if (mask.IsPruned(weight.Name, i)) Assert.Equal(0f, weight.Tensor.Data[i]);
                else if (weight.Tensor.Data[i] != before[index][i]) moved++;
            }
        }
        Assert.True(moved > 1000, $"fine-tuning moved only {moved} unpruned weights");
        Assert.InRange(PruningMask.MeasureSparsity(model), 0.7999, 1.0);
        Assert.Equal(5L, optimizer.StepCount);
    }

    [Fact]
    public void MagnitudePruningOnlyTouchesConvAndLinearWeights()
    {
        var model = TrainableZoo.Create("mobilenet-tiny", seed: 1);
        var biases = model.State().Where(s => s.Tensor.Rank == 1).Select(s => s.Tensor.ToArray()).ToList();
        MagnitudePruner.Prune(model, 0.5);
        var after = model.State().Where(s => s.Tensor.Rank == 1).Select(s => s.Tensor.ToArray()).ToList();
        Assert.Equal(biases, after);
    }

    [Theory]
    [InlineData("cnn-small", new long[] { 8, 16 })]
    [InlineData("lenet5", new long[] { 3, 8 })]
    [InlineData("mobilenet-tiny", new long[] { 8, 8, 16, 16, 32, 32, 64 })]
    public async Task StructuredPruningExportsFewerChannelsThatMatchTheEngine(string name, long[] expectedChannels)
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(256);
        var model = TrainableZoo.Create(name, seed: 2);
        Trainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: 2), new Adam(model.Parameters(), 1e-3f));
        var pruned = ChannelPruner.Prune(model, 0.5);
        Assert.True(pruned.ParameterCount < model.ParameterCount * 0.6, $"{pruned.ParameterCount} of {model.ParameterCount} parameters left");

        var dir = Path.Combine(Path.GetTempPath(), $"verge-structured-{Guid.NewGuid():N}");
        try
        {
            string full = Path.Combine(dir, "full.onnx"), small = Path.Combine(dir, "pruned.onnx");
            await OnnxExporter.SaveAsync(model, full);
            await OnnxExporter.SaveAsync(pruned, small);
            Assert.True(new FileInfo(small).Length < new FileInfo(full).Length * 0.6);
            var graph = ModelGraph.Load(small);
            var convChannels = graph.Nodes.Where(n => n.OpType == "Conv").Select(n => graph.Tensors[n.Outputs[0]].Shape[1]).ToArray();
            Assert.Equal(expectedChannels, convChannels);
            Assert.True(graph.MacsTotal < ModelGraph.Load(full).MacsTotal * 0.6);

            pruned.Eval();
            using var session = new InferenceSession(small);
            for (int i = 0; i < 6; i++)
            {
                var image = train.Image(i).ToArray();
                var expected = pruned.Forward(new Tensor(image, 1, 1, 28, 28)).ToArray();
                using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
                using var outputs = session.Run(new RunOptions(), ["input"], [input], ["logits"]);
                var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
                for (int j = 0; j < 10; j++) Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-4, $"sample {i} logit {j}: {expected[j]} vs {actual[j]}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void StructuredPruningLeavesTheOriginalModelAlone()
    {
        var model = TrainableZoo.Create("cnn-small", seed: 4);
        var before = model.GetWeights();
        var pruned = ChannelPruner.Prune(model, 0.5);
        foreach (var p in pruned.Parameters()) Array.Fill(p.Tensor.Data, 7f);
        Assert.Equal(before, model.GetWeights());
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void FractionsOutsideTheRangeAreUsageErrors(double fraction)
    {
        var e = Assert.Throws<UsageException>(() => MagnitudePruner.Prune(TrainableZoo.Create("mlp"), fraction));
        // The library names the setting; the CLI puts its flag (--prune) in its place.
        var expected = $"pruning fraction {fraction} is out of range; give the fraction to remove, at least 0 and below 1 (e.g. pruning fraction 0.8)";
        Assert.Equal(expected, e.Message);
        Assert.Equal(expected, Assert.Throws<UsageException>(() => ChannelPruner.Prune(TrainableZoo.Create("lenet5"), fraction)).Message);
    }

    [Fact]
    public void ResidualModelsAreRefusedByStructuredPruning()
    {
        var e = Assert.Throws<UsageException>(() => ChannelPruner.Prune(TrainableZoo.Create("resnet-tiny"), 0.5));
        Assert.Contains("(in 'resnet-tiny'); use magnitude pruning", e.Message);
    }
}
