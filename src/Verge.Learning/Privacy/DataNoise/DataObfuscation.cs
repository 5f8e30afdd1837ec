using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.DataNoise;

/// <summary>
/// Perturbs a device's training images before any training sees them (Zhang et al. 2018): pixels + N(0, s²),
/// clipped to [0, 1], optionally several noised copies per image. A pure function of the data, the options and
/// the device's id, so a run repeats; the server and the test set are never touched.
/// </summary>
public static class DataObfuscation
{
    public static ImageDataset Perturb(ImageDataset data, DataNoiseOptions options, int device = 0)
    {
        options.Validate();
        if (options.IsOff || data.Count == 0) return data;
        var rng = new Rng(unchecked(options.Seed * 1_000_003 + device * 7_919 + 101));
        int size = data.ImageSize, copies = options.Copies;
        var pixels = new float[data.Pixels.Length * copies];
        var labels = new int[data.Count * copies];
        for (int k = 0; k < copies; k++)
            for (int i = 0; i < data.Count; i++)
            {
                int at = k * data.Count + i;
                labels[at] = data.Labels[i];
                var source = data.Image(i);
                var target = pixels.AsSpan(at * size, size);
                for (int p = 0; p < size; p++)
                    target[p] = Math.Clamp(source[p] + (float)(options.Scale * rng.Normal()), 0f, 1f);
            }
        return data with { Pixels = pixels, Labels = labels };
    }
}
