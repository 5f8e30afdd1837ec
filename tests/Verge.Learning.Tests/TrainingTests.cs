using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Tests;

/// <summary>
/// Runs alone, not beside other test classes: bit-for-bit equal weights hold for one training at a time in a process.
/// With other engine work running concurrently in the same test host, SameSeedSameWeights failed about one run in
/// six (cause not pinned down: concurrent OpenBLAS calls or per-thread floating-point state are the suspects).
/// </summary>
[CollectionDefinition(nameof(SerialEngineCollection), DisableParallelization = true)]
public sealed class SerialEngineCollection;

[Collection(nameof(SerialEngineCollection))]
public sealed class TrainingTests
{
    [Theory]
    [InlineData("lenet5", 0.6)]
    [InlineData("mlp", 0.6)]
    public async Task LearnsFashionMnistFromASmallSlice(string name, double atLeast)
    {
        var train = await TestData.TrainAsync(1000);
        var test = await TestData.TestAsync(500);
        var model = TrainableZoo.Create(name, seed: 0);
        var before = Trainer.Evaluate(model, test);
        var results = Trainer.Fit(model, new MiniBatchLoader(train, 32, seed: 0), new Adam(model.Parameters(), 2e-3f), test, epochs: 3).ToList();
        Assert.True(results[^1].TrainLoss < results[0].TrainLoss);
        Assert.True(results[^1].TestAccuracy >= atLeast, $"{name}: {before:P1} before, {results[^1].TestAccuracy:P1} after 3 epochs on 1000 samples");
    }

    [Fact]
    public async Task SameSeedSameWeights()
    {
        var train = await TestData.TrainAsync(256);
        float[][] Run()
        {
            var model = TrainableZoo.Create("lenet5", seed: 7);
            Trainer.TrainEpoch(model, new MiniBatchLoader(train, 32, seed: 7), new Sgd(model.Parameters(), 0.05f));
            return model.GetWeights();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public async Task ThreadCountDoesNotChangeResults()
    {
        var train = await TestData.TrainAsync(128);
        float[][] Run(int threads)
        {
            Parallelism.SetThreads(threads);
            try
            {
                var model = TrainableZoo.Create("mobilenet-tiny", seed: 3);
                Trainer.TrainEpoch(model, new MiniBatchLoader(train, 64, seed: 3), new Adam(model.Parameters()));
                return model.GetWeights();
            }
            finally
            {
                Parallelism.SetThreads(Environment.ProcessorCount);
            }
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void ParametersAreAFlatListOfNamedTensors()
    {
        var model = TrainableZoo.Create("resnet-tiny");
        var state = model.State();
        Assert.Equal(state.Count, state.Select(s => s.Name).Distinct().Count());
        Assert.Contains(state, s => s.Name == "body.4.main.1.running_mean" && !s.Trainable);
        Assert.Contains(state, s => s.Name == "body.0.weight" && s.Trainable);

        var other = TrainableZoo.Create("resnet-tiny", seed: 5);
        other.SetWeights(model.GetWeights());
        Assert.Equal(model.GetWeights(), other.GetWeights());
    }
}
