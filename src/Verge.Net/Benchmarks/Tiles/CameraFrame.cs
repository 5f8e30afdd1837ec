using Verge.Inference.Graph;
using Verge.Learning.Data;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// The bench's 8-bit camera frame, made without downloads: Fashion-MNIST test image 0 (Debian's dataset-fashion-mnist),
/// upscaled bilinearly from 28×28 to the model's height and width and tinted per channel (the garment in a warm
/// colour on a grey-green background), with ±4 levels of seeded sensor noise.
/// </summary>
public static class CameraFrame
{
    private static readonly float[] Background = [0.42f, 0.47f, 0.38f], Garment = [0.86f, 0.62f, 0.44f];

    public static async Task<byte[]> CreateAsync(TensorInfo input, CancellationToken ct)
    {
        var data = await FashionMnist.LoadTestAsync(ct: ct);
        var image = data.Image(0).ToArray();
        long n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        var frame = new byte[n * c * h * w];
        var rng = new Random(7);
        for (long b = 0; b < n; b++)
            for (long ch = 0; ch < c; ch++)
                for (long y = 0; y < h; y++)
                    for (long x = 0; x < w; x++)
                    {
                        float v = Bilinear(image, (y + 0.5f) * 28 / h - 0.5f, (x + 0.5f) * 28 / w - 0.5f);
                        int k = (int)(ch % 3);
                        float level = 255 * (Background[k] + (Garment[k] - Background[k]) * v) + rng.Next(-4, 5);
                        frame[((b * c + ch) * h + y) * w + x] = (byte)Math.Clamp(MathF.Round(level), 0, 255);
                    }
        return frame;
    }

    private static float Bilinear(float[] image, float y, float x)
    {
        y = Math.Clamp(y, 0, 27);
        x = Math.Clamp(x, 0, 27);
        int y0 = (int)y, x0 = (int)x, y1 = Math.Min(27, y0 + 1), x1 = Math.Min(27, x0 + 1);
        float dy = y - y0, dx = x - x0;
        float top = image[y0 * 28 + x0] * (1 - dx) + image[y0 * 28 + x1] * dx, bottom = image[y1 * 28 + x0] * (1 - dx) + image[y1 * 28 + x1] * dx;
        return top * (1 - dy) + bottom * dy;
    }
}
