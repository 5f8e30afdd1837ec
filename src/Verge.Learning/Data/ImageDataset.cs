namespace Verge.Learning.Data;

/// <summary>
/// Labelled images held in memory as float pixels in [0, 1] (byte/255), one image after another (row-major
/// C×H×W). This is the one preprocessing convention of training, export checks and <c>verge eval</c>.
/// </summary>
public sealed record ImageDataset(float[] Pixels, int[] Labels, int Channels, int Height, int Width)
{
    public int Count => Labels.Length;
    public int ImageSize => Channels * Height * Width;

    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>The first <paramref name="count"/> samples (all of them when count ≤ 0 or too large).</summary>
    public ImageDataset Take(int count)
    {
        if (count <= 0 || count >= Count) return this;
        return this with { Pixels = Pixels[..(count * ImageSize)], Labels = Labels[..count] };
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (a client's share of a partition).</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        var pixels = new float[indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageSize));
            labels[i] = Labels[indices[i]];
        }
        return this with { Pixels = pixels, Labels = labels };
    }
}
