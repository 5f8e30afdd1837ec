using System.Globalization;
using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// A model whose input is a camera's 8-bit image (format <c>u8</c>): the frame stays bytes on the device, 8-bit
/// windows of it cross the radio (one byte per value instead of four), and whoever computes a tile turns its window
/// into the model's float input as (x / 255 − mean_c) / std_c, per channel c (torchvision's normalisation). Device and
/// helpers run this one function, so the values are bit-identical on both sides and the tiled output equals the whole
/// model run on <see cref="Normalize"/>'s frame. Declared by the user (a flag or the spec), never inferred from values.
/// </summary>
public sealed record ImageNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>torchvision's ImageNet normalisation, which the <c>-tv</c> zoo models were trained with.</summary>
    public static ImageNormalization ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>The spec's declaration (<c>app.input_format</c>).</summary>
    public static ImageNormalization From(Core.Spec.U8InputSpec spec) => new(spec.Mean, spec.Std);

    /// <summary>
    /// Parses <c>u8:imagenet</c> or <c>u8:M1,M2,M3/S1,S2,S3</c> (<c>u8:M/S</c> for one value in every channel);
    /// <paramref name="what"/> names the flag or field in the one-line error.
    /// </summary>
    public static ImageNormalization Parse(string text, string what)
    {
        const string Usage = "use u8:imagenet or u8:MEAN,…/STD,… (one mean and one std per channel, std > 0)";
        if (!text.StartsWith("u8:", StringComparison.Ordinal)) throw new UsageException($"{what}: '{text}' is not an input format; {Usage}");
        var body = text[3..];
        if (body == "imagenet") return ImageNet;
        var parts = body.Split('/');
        if (parts.Length != 2) throw new UsageException($"{what}: '{text}' needs a mean and a std separated by '/'; {Usage}");
        var mean = Numbers(parts[0]);
        var std = Numbers(parts[1]);
        if (mean is null || std is null || mean.Count == 0 || mean.Count != std.Count || std.Any(s => !(s > 0)))
            throw new UsageException($"{what}: '{text}' is not a valid normalisation; {Usage}");
        return new ImageNormalization(mean, std);

        static List<float>? Numbers(string list)
        {
            var values = new List<float>();
            foreach (var item in list.Split(','))
            {
                if (!float.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v)) return null;
                values.Add(v);
            }
            return values;
        }
    }

    /// <summary>
    /// Refuses a model whose input is not an image this normalisation fits: a float NCHW tensor of static shape whose
    /// channel count is the number of means (one mean and std given for all channels also fits).
    /// </summary>
    public void Check(TensorInfo input, string model)
    {
        if (input.ElementType != 1 || input.Shape.Length != 4 || !input.IsStatic)
            throw new InputException($"'{model}' takes {input.Name} ({input.TypeName} {input.ShapeText}), not an image (float N×C×H×W); declare u8 input only for an image model");
        if (Mean.Count != 1 && Mean.Count != input.Shape[1])
            throw new InputException($"'{model}' takes images of {input.Shape[1]} channels, but the u8 input declares {Mean.Count} means and stds; give one per channel");
        if (Mean.Count != Std.Count || Std.Any(s => !(s > 0) || !float.IsFinite(s)) || Mean.Any(m => !float.IsFinite(m)))
            throw new InputException($"the u8 input of '{model}' needs as many finite means as positive stds; fix the declaration");
    }

    /// <summary>The model's float input for an 8-bit NCHW map of <paramref name="channels"/> channels of <paramref name="plane"/> values each.</summary>
    public float[] Normalize(ReadOnlySpan<byte> values, long channels, long plane)
    {
        // One table of the 256 values per channel: each entry is Value's own result, so the output is bit-identical.
        var tables = new float[Mean.Count][];
        for (int c = 0; c < tables.Length; c++)
        {
            tables[c] = new float[256];
            for (int x = 0; x < 256; x++) tables[c][x] = Value((byte)x, c);
        }
        var result = new float[values.Length];
        for (long start = 0, p = 0; start < values.Length; start += plane, p++)
        {
            var table = tables[Mean.Count == 1 ? 0 : (int)(p % channels)];
            int end = (int)Math.Min(values.Length, start + plane);
            for (int i = (int)start; i < end; i++) result[i] = table[values[i]];
        }
        return result;
    }

    /// <summary>One value: the same float operations, in the same order, wherever it is computed.</summary>
    public float Value(byte x, int channel)
    {
        int c = Mean.Count == 1 ? 0 : channel;
        return (x / 255f - Mean[c]) / Std[c];
    }
}
