using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Tests;

public sealed class CheckpointTests
{
    [Theory]
    [InlineData("lenet5", "adam")]
    [InlineData("resnet-tiny", "sgd")]
    public async Task ResumingTakesTheSameNextStep(string name, string kind)
    {
        var data = await TestData.TrainAsync(320);
        var batches = new MiniBatchLoader(data, 32, seed: 4).Epoch().Select(b => (b.Images.ToArray(), b.Labels.ToArray())).ToList();
        Optimizer Make(Module m) => kind == "adam" ? new Adam(m.Parameters(), 1e-3f) : new Sgd(m.Parameters(), 0.05f, 0.9f, 5e-4f);
        static void Step(TrainableModel m, Optimizer o, (float[] X, int[] Y) batch)
        {
            o.ZeroGrad();
            Losses.CrossEntropy(m.Forward(new Tensor(batch.X, batch.Y.Length, 1, 28, 28)), batch.Y).Backward();
            o.Step();
        }

        var original = TrainableZoo.Create(name, seed: 2);
        var optimizer = Make(original);
        for (int i = 0; i < 5; i++) Step(original, optimizer, batches[i]);
        var path = Path.Combine(Path.GetTempPath(), $"verge-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            Checkpoint.Save(path, name, original, optimizer);
            var resumed = TrainableZoo.Create(name, seed: 99);
            var resumedOptimizer = Make(resumed);
            Checkpoint.Load(path, resumed, resumedOptimizer);
            Assert.Equal(optimizer.StepCount, resumedOptimizer.StepCount);

            Step(original, optimizer, batches[5]);
            Step(resumed, resumedOptimizer, batches[5]);
            var expected = original.GetWeights();
            var actual = resumed.GetWeights();
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingIntoAnotherArchitectureSaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verge-ckpt-{Guid.NewGuid():N}.bin");
        try
        {
            Checkpoint.Save(path, "mlp", TrainableZoo.Create("mlp"));
            var e = Assert.Throws<InputException>(() => Checkpoint.Load(path, TrainableZoo.Create("lenet5")));
            Assert.Contains("checkpoint", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
