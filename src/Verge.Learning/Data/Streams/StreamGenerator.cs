using Verge.Learning.Engine;

namespace Verge.Learning.Data.Streams;

/// <summary>
/// Builds seeded camera-like streams from real Fashion-MNIST images (no footage ships with any package served here):
/// an item stays in view for a random number of frames, then a scene cut brings the next one; every frame adds
/// Gaussian camera noise, an occasional one-pixel shake, and the current light gain, which jumps now and then and
/// drifts slowly. The ground truth of a frame is its item's label. The same (images, preset, seed, count) always
/// gives the same stream.
/// </summary>
public static class StreamGenerator
{
    private const int Side = 28, MaxShift = 2;

    public static FrameStream Generate(ImageDataset images, StreamPreset preset, int frames, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var rng = new Rng(seed);
        var pools = Pools(images, preset);
        var list = new List<StreamFrame>(frames);
        int item = -1, dwellLeft = 0, image = 0, dx = 0, dy = 0;
        double gain = 1.0;
        for (int i = 0; i < frames; i++)
        {
            if (dwellLeft == 0)
            {
                item++;
                var pool = pools[preset.ClassSubsets is null ? 0 : i / preset.SubsetFrames % pools.Length];
                image = pool[rng.Next(pool.Length)];
                dwellLeft = preset.MinDwell + rng.Next(preset.MaxDwell - preset.MinDwell + 1);
                dx = rng.Next(2 * MaxShift + 1) - MaxShift;
                dy = rng.Next(2 * MaxShift + 1) - MaxShift;
            }
            dwellLeft--;
            if (rng.NextDouble() < preset.ShakeProbability)
            {
                dx = Math.Clamp(dx + rng.Next(3) - 1, -MaxShift, MaxShift);
                dy = Math.Clamp(dy + rng.Next(3) - 1, -MaxShift, MaxShift);
            }
            if (rng.NextDouble() < preset.LightChangeProbability) gain = 0.75 + 0.4 * rng.NextDouble();
            else gain = Math.Clamp(gain + 0.002 * rng.Normal(), 0.7, 1.2);
            var pixels = Render(images.Image(image), dx, dy, (float)gain, (float)preset.NoiseSigma, rng);
            list.Add(new StreamFrame(i, i * 1000.0 / preset.Fps, pixels, images.Labels[image], item));
        }
        return new FrameStream(preset, seed, list);
    }

    /// <summary>Image indices per class subset (one pool of all images when the content does not drift).</summary>
    private static int[][] Pools(ImageDataset images, StreamPreset preset)
    {
        if (preset.ClassSubsets is not { } subsets) return [Enumerable.Range(0, images.Count).ToArray()];
        var pools = subsets.Select(s => Enumerable.Range(0, images.Count).Where(i => s.Contains(images.Labels[i])).ToArray()).ToArray();
        if (pools.Any(p => p.Length == 0))
            throw new ArgumentException("a class subset of the preset has no image in the source set");
        return pools;
    }

    private static float[] Render(ReadOnlySpan<float> source, int dx, int dy, float gain, float sigma, Rng rng)
    {
        var pixels = new float[Side * Side];
        for (int y = 0; y < Side; y++)
        {
            int sy = y - dy;
            for (int x = 0; x < Side; x++)
            {
                int sx = x - dx;
                float v = sy is >= 0 and < Side && sx is >= 0 and < Side ? source[sy * Side + sx] : 0f;
                v = v * gain + sigma * (float)rng.Normal();
                pixels[y * Side + x] = Math.Clamp(v, 0f, 1f);
            }
        }
        return pixels;
    }
}
