using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// The input-resolution knob (VideoStorm, NSDI 2017; Chameleon, SIGCOMM 2018): a LeNet-5 that sees each frame at half
/// resolution, 14×14 (2×2 average pooling, what a device sending downsampled frames gives), trained by Verge's engine on
/// Fashion-MNIST's training set like the zoo's models. Its second convolution is 3×3 so the classifier keeps LeNet-5's
/// 16×5×5 features; its convolutions cost about 7× fewer MACs than LeNet-5's at 28×28.
/// </summary>
public static class LowResolutionVariant
{
    public const string Name = "lenet5-14px";

    public static TrainableModel Create(int seed)
    {
        var rng = new Rng(seed);
        return new TrainableModel(Name, new Sequential(
            new AvgPool2d(2),                                                         // 1×14×14
            new Conv2d(1, 6, 5, rng, padding: 2), new ReLU(), new MaxPool2d(2),       // 6×7×7
            new Conv2d(6, 16, 3, rng), new ReLU(),                                    // 16×5×5
            new Flatten(),
            new Linear(16 * 5 * 5, 120, rng), new ReLU(),
            new Linear(120, 84, rng), new ReLU(),
            new Linear(84, 10, rng)));
    }

    /// <summary>Trains the model on <paramref name="train"/> and writes it as ONNX (what the server runs) to <paramref name="path"/>.</summary>
    public static async Task<double> TrainAsync(string path, ImageDataset train, ImageDataset test, int epochs, int seed, int threads, CancellationToken ct = default)
    {
        using var parallel = Parallelism.Use(threads);
        var model = Create(seed);
        var loader = new MiniBatchLoader(train, 64, shuffle: true, seed: seed);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        for (int e = 0; e < epochs; e++) Trainer.TrainEpoch(model, loader, optimizer, ct: ct);
        double accuracy = Trainer.Evaluate(model, test);
        model.Eval();
        await OnnxExporter.SaveAsync(model, path, ct, dynamicBatch: true);
        return accuracy;
    }
}
