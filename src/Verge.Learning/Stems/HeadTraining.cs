using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Training;

namespace Verge.Learning.Stems;

/// <summary>Fine-tunes one application's head on its stem's features (Adam, cross-entropy) and scores it.</summary>
public static class HeadTraining
{
    /// <summary>Trains <paramref name="head"/> for <paramref name="epochs"/> on <paramref name="train"/> and returns its
    /// top-1 accuracy on <paramref name="test"/> (both already the stem's features with the task's labels).</summary>
    public static double FineTune(Sequential head, ImageDataset train, ImageDataset test, int epochs, int seed, float learningRate = 1e-3f,
        CancellationToken ct = default)
    {
        var loader = new MiniBatchLoader(train, 64, shuffle: true, seed: seed);
        var optimizer = new Adam(head.Parameters(), learningRate);
        for (int e = 0; e < epochs; e++) Trainer.TrainEpoch(head, loader, optimizer, ct: ct);
        return Trainer.Evaluate(head, test);
    }
}
