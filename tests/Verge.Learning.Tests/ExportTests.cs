using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Tests;

public sealed class ExportTests
{
    public static TheoryData<string> Models => new(TrainableZoo.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public async Task OnnxRuntimeMatchesTheEngine(string name) => await ExportAndCompare(name, TrainableZoo.Create(name, seed: 1));

    [Fact]
    public async Task BranchyModelsExportToo()
    {
        var rng = new Rng(4);
        var model = new TrainableModel("branchy", new Sequential(
            new Inception(rng), new BatchNorm2d(6), new ReLU(), new MaxPool2d(2), new GlobalAvgPool(), new Flatten(), new Linear(6, 10, rng)));
        await ExportAndCompare("branchy", model);
    }

    [Fact]
    public void ALayerTheWriterDoesNotKnowIsRefusedByName()
    {
        var model = new TrainableModel("odd", new Sequential(new Unknown()));
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model));
        Assert.Contains("Unknown", e.Message);
        Assert.Contains(nameof(IOnnxExportable), e.Message);
    }

    private sealed class Unknown : Layer
    {
        public override Tensor Forward(Tensor x) => x;
    }

    /// <summary>Two parallel convolutions joined by Concat, the shape of an Inception module.</summary>
    private sealed class Inception : Layer, IOnnxExportable
    {
        private readonly Conv2d _narrow, _wide;
        private readonly Concat _join;

        public Inception(Rng rng)
        {
            _narrow = Child("narrow", new Conv2d(1, 2, 1, rng));
            _wide = Child("wide", new Conv2d(1, 4, 3, rng, padding: 1));
            _join = Child("join", new Concat());
        }

        public override Tensor Forward(Tensor x) => _join.Forward(_narrow.Forward(x), _wide.Forward(x));

        public TensorRef WriteOnnx(ModuleWriter writer, TensorRef input) =>
            writer.Concat(writer.Write(_narrow, input), writer.Write(_wide, input));
    }

    private static async Task ExportAndCompare(string name, TrainableModel model)
    {
        var train = await TestData.TrainAsync(128);
        // A few steps so that weights and batch-norm statistics are no longer their initial values.
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        Trainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: 1), optimizer);

        var path = Path.Combine(Path.GetTempPath(), $"verge-export-{name}-{Guid.NewGuid():N}.onnx");
        try
        {
            await OnnxExporter.SaveAsync(model, path);
            var graph = ModelGraph.Load(path);
            Assert.Equal("input", graph.Inputs.Single().Name);
            Assert.Equal([1L, 1, 28, 28], graph.Inputs.Single().Shape);
            Assert.Equal("logits", graph.Outputs.Single().Name);
            Assert.Equal([1L, 10], graph.Outputs.Single().Shape);
            Assert.Equal(13, graph.OpsetVersion);

            model.Eval();
            using var session = new InferenceSession(path);
            for (int i = 0; i < 8; i++)
            {
                var image = train.Image(i).ToArray();
                var expected = model.Forward(new Tensor(image, 1, 1, 28, 28)).ToArray();
                using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
                using var outputs = session.Run(new RunOptions(), ["input"], [input], ["logits"]);
                var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
                Assert.Equal(10, actual.Length);
                for (int j = 0; j < 10; j++)
                    Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-4, $"{name} sample {i} logit {j}: engine {expected[j]}, ONNX Runtime {actual[j]}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
