using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Models;

namespace Verge.Learning.Tests.Federated;

/// <summary>
/// The training loss a client reports with its update is the mean cross-entropy of its local steps. It read 0 in
/// every `verge fl client` line: the training loop counted its steps inside a null-conditional callback's arguments,
/// which are skipped when no callback is given.
/// </summary>
public sealed class ClientLossTests
{
    [Fact]
    public void AClientReportsThePositiveMeanLossOfItsLocalSteps()
    {
        var random = new Random(3);
        const int n = 64;
        var pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextDouble();
        var data = new ImageDataset(pixels, Enumerable.Range(0, n).Select(i => i % 10).ToArray(), 1, 28, 28);
        var model = TrainableZoo.Create("mlp", seed: 1);
        var client = new FederatedClient(0, model, data, new Fp32Codec(), batchSize: 16);
        var envelope = client.Fit(new FitInstruction(0, 1, 0, ModelVector.Get(model), new FitConfig(LocalSteps: 4, BatchSize: 16, LearningRate: 0.01f)));
        Assert.Equal(4, envelope.Steps);
        // Ten balanced classes on random pixels: an untrained model's cross-entropy is near ln 10 ≈ 2.3.
        Assert.InRange(envelope.TrainLoss, 1.0, 5.0);
    }

    [Fact]
    public void TheTrainingLoopCountsItsStepsWithoutACallback()
    {
        var random = new Random(4);
        var pixels = new float[32 * 28 * 28];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextDouble();
        var data = new ImageDataset(pixels, Enumerable.Range(0, 32).Select(i => i % 10).ToArray(), 1, 28, 28);
        var model = TrainableZoo.Create("mlp", seed: 2);
        var pass = Training.Trainer.Run(model, new MiniBatchLoader(data, 8, shuffle: false).Epoch(), new Engine.Sgd(model.Parameters(), 0.01f, 0f),
            Training.Trainer.CrossEntropy(model));
        Assert.Equal(4, pass.Steps);
        Assert.Equal(32, pass.Samples);
        Assert.Equal(pass.StepLossSum / 4, pass.MeanStepLoss, 12);
        Assert.True(pass.MeanStepLoss > 0);
    }
}
