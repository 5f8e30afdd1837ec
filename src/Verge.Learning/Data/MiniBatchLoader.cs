using Verge.Learning.Engine;

namespace Verge.Learning.Data;

/// <summary>
/// Yields mini-batches of a data set, reshuffled each epoch with a seeded generator. The batch tensor and label
/// array are reused from batch to batch (valid until the next one); the last batch may be smaller.
/// </summary>
public sealed class MiniBatchLoader(ImageDataset data, int batchSize, bool shuffle = true, int seed = 0)
{
    private readonly Rng _rng = new(seed);
    private readonly int[] _order = Enumerable.Range(0, data.Count).ToArray();

    public int BatchSize { get; } = batchSize;
    public int BatchesPerEpoch => (data.Count + BatchSize - 1) / BatchSize;

    public IEnumerable<(Tensor Images, int[] Labels)> Epoch()
    {
        if (shuffle) _rng.Shuffle(_order);
        Tensor? full = null;
        var fullLabels = new int[BatchSize];
        int size = data.ImageSize;
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, data.Count - start);
            Tensor x;
            int[] labels;
            if (n == BatchSize) { x = full ??= new Tensor(n, data.Channels, data.Height, data.Width); labels = fullLabels; }
            else { x = new Tensor(n, data.Channels, data.Height, data.Width); labels = new int[n]; }
            for (int i = 0; i < n; i++)
            {
                int index = _order[start + i];
                data.Image(index).CopyTo(x.Data.AsSpan(i * size, size));
                labels[i] = data.Labels[index];
            }
            yield return (x, labels);
        }
    }
}
