using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Planning.InputWise;
using Verge.Learning.Data;
using Verge.Net.Stages;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// The bench's 8-bit camera frame, made without downloads: Fashion-MNIST test image 0 (Debian's dataset-fashion-mnist),
/// upscaled bilinearly from 28×28 to the model's height and width and tinted per channel (the garment in a warm
/// colour on a grey-green background), with ±4 levels of seeded sensor noise. And the zero share of every map that
/// can end a fused block, measured by running the model's front once on the normalised frame.
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

    /// <summary>Share of exact zeros in every map that can end a fused block (up to <paramref name="maxBlocks"/> deep), for <paramref name="image"/>.</summary>
    public static Dictionary<string, double> ZeroShares(ModelGraph graph, float[] image, int maxBlocks = 6)
    {
        var ends = new Dictionary<string, FusedBlock>(StringComparer.Ordinal);
        var frontier = new List<FusedBlock?> { null };
        for (int depth = 0; depth < maxBlocks && frontier.Count > 0; depth++)
        {
            var next = new List<FusedBlock?>();
            foreach (var after in frontier)
                foreach (var block in FusedBlock.Candidates(graph, after))
                    if (ends.TryAdd(block.Output, block)) next.Add(block);
            frontier = next;
        }
        if (ends.Count == 0) return [];
        var input = graph.Inputs[0];
        var stage = SubmodelExtractor.Extract(graph, new StageSpec([input.Name], ends.Keys.ToList()), "zero shares");
        using var session = new StageSession(Google.Protobuf.MessageExtensions.ToByteArray(stage.Model), stage.Inputs, stage.Outputs);
        return session.Run([new Wire.FloatTensor(input.Name, input.Shape, image)]).ToDictionary(t => t.Name, t => ZeroBitmap.ZeroShare(t.Data), StringComparer.Ordinal);
    }
}
