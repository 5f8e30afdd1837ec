using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// Poisson sampling: every step includes each example independently with probability q, so batch sizes vary
/// (possibly empty). This is the sampling the subsampled-Gaussian accountant assumes (Mironov et al. 2019); shuffled
/// fixed-size batches are not covered by it.
/// </summary>
public sealed class PoissonSampler(ImageDataset data, double sampleRate, int seed)
{
    private readonly Rng _rng = new(seed);

    public double SampleRate { get; } = sampleRate is > 0 and <= 1 ? sampleRate : throw new ArgumentOutOfRangeException(nameof(sampleRate));

    /// <summary><paramref name="steps"/> batches (fresh tensors each: their sizes differ).</summary>
    public IEnumerable<(Tensor Images, int[] Labels)> Batches(int steps)
    {
        var chosen = new List<int>();
        int size = data.ImageSize;
        for (int s = 0; s < steps; s++)
        {
            chosen.Clear();
            for (int i = 0; i < data.Count; i++)
                if (_rng.NextDouble() < SampleRate) chosen.Add(i);
            var x = new Tensor(chosen.Count, data.Channels, data.Height, data.Width);
            var labels = new int[chosen.Count];
            for (int j = 0; j < chosen.Count; j++)
            {
                data.Image(chosen[j]).CopyTo(x.Data.AsSpan(j * size, size));
                labels[j] = data.Labels[chosen[j]];
            }
            yield return (x, labels);
        }
    }
}
