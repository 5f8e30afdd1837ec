using Verge.Learning.Data;
using Verge.Learning.Data.Streams;
using Verge.Learning.Engine;
using Verge.Learning.Training;

namespace Verge.Learning.Precog;

/// <summary>
/// Trains Precog's device model at the edge for a class set: a 784-64-(K+1) perceptron on the training images of the
/// K classes and as many images of the others (label K, "other"), rendered through the stream generator's camera
/// (noise, shake, light) so it sees frames as the device does. Models are cached by class set, as Precog caches them.
/// </summary>
public sealed class SpecialisedTrainer(ImageDataset train, StreamPreset camera, int epochs = 2, int seed = 0)
{
    private readonly Dictionary<string, SpecialisedModel> _cache = [];

    public int Trained => _cache.Count;

    public SpecialisedModel For(int[] classes)
    {
        var key = string.Join(',', classes);
        if (!_cache.TryGetValue(key, out var model)) _cache[key] = model = Train(classes);
        return model;
    }

    private SpecialisedModel Train(int[] classes)
    {
        var rng = new Rng(seed + classes.Sum(c => 1 << c));
        var inside = Enumerable.Range(0, train.Count).Where(i => classes.Contains(train.Labels[i])).ToList();
        var outside = Enumerable.Range(0, train.Count).Where(i => !classes.Contains(train.Labels[i])).ToArray();
        rng.Shuffle(outside);
        var picked = inside.Concat(outside.Take(inside.Count)).ToArray();
        var frames = StreamGenerator.Generate(train.Subset(picked), camera with { MinDwell = 1, MaxDwell = 1, ClassSubsets = null }, picked.Length * epochs, rng.Seed);
        var data = frames.AsDataset();
        var labels = data.Labels.Select(l => Array.IndexOf(classes, l) is int k and >= 0 ? k : classes.Length).ToArray();
        data = data with { Labels = labels };
        var network = new Sequential(new Flatten(), new Linear(784, 64, rng), new ReLU(), new Linear(64, classes.Length + 1, rng));
        Trainer.TrainEpoch(network, new MiniBatchLoader(data, 64, shuffle: true, seed: rng.Seed), new Adam(network.Parameters(), 2e-3f));
        network.Eval();
        return new SpecialisedModel(classes, network);
    }
}
