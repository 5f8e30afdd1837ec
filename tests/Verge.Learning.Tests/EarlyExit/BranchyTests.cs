using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Tests.EarlyExit;

public sealed class BranchyTests
{
    [Theory]
    [InlineData("branchy-lenet5", 3)]
    [InlineData("branchy-resnet-tiny", 2)]
    public async Task ExportHasOneOutputPerExitThatMatchesTheEngine(string name, int exits)
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(256);
        var model = BranchyZoo.Create(name, seed: 1);
        var losses = new List<double>();
        var optimizer = new Adam(model.Parameters(), 2e-3f);
        for (int e = 0; e < 2; e++) losses.Add(BranchyTrainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: e), optimizer));
        Assert.True(losses[1] < losses[0], $"joint loss {losses[0]} → {losses[1]}");

        var path = Path.Combine(Path.GetTempPath(), $"verge-branchy-{Guid.NewGuid():N}.onnx");
        try
        {
            await BranchyExporter.SaveAsync(model, path);
            var graph = ModelGraph.Load(path);
            Assert.Equal(model.ExitNames, graph.Outputs.Select(o => o.Name).ToArray());
            Assert.Equal(exits, graph.Outputs.Count);
            Assert.All(graph.Outputs, o => Assert.Equal([1L, 10], o.Shape));
            for (int b = 1; b < exits; b++) Assert.Contains(BranchyExporter.BranchPointName(b), graph.Tensors.Keys);

            model.Eval();
            using var session = new InferenceSession(path);
            for (int i = 0; i < 5; i++)
            {
                var image = train.Image(i).ToArray();
                var expected = model.ForwardExits(new Tensor(image, 1, 1, 28, 28)).Select(t => t.ToArray()).ToList();
                using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
                using var outputs = session.Run(new RunOptions(), ["input"], [input], model.ExitNames.ToArray());
                for (int e = 0; e < exits; e++)
                {
                    var actual = outputs[e].GetTensorDataAsSpan<float>().ToArray();
                    for (int j = 0; j < 10; j++)
                        Assert.True(Math.Abs(expected[e][j] - actual[j]) <= 1e-4, $"{model.ExitNames[e]} sample {i} logit {j}: {expected[e][j]} vs {actual[j]}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ForwardIsTheFinalExit()
    {
        var model = BranchyZoo.Create("branchy-lenet5", seed: 2);
        model.Eval();
        var x = GradientCheck.Random(3, 2, 1, 28, 28);
        var final = model.ForwardExits(x)[^1].ToArray();
        Assert.Equal(final, model.Forward(x).ToArray());
    }
}
