using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Verge.Core.Errors;
using Verge.Inference.Data;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Compression.Int8;

/// <summary>
/// Fashion-MNIST images (pixels / 255, 28×28, one channel) from the gzip IDX files. The model must take one float
/// input of B×784 values (e.g. B×1×28×28); each feed carries B consecutive images.
/// </summary>
public sealed class FashionMnistCalibrationSource : ICalibrationSource
{
    public const string DefaultDirectory = FashionMnistFiles.DefaultDirectory;
    private const int Pixels = 28 * 28;

    public FashionMnistCalibrationSource(string split, int count, string? directory = null)
    {
        if (split is not ("train" or "test"))
            throw new UsageException($"calibration source fashion-mnist:{split}: the split must be 'train' or 'test'") { Term = "calibration source" };
        Split = split;
        Count = count > 0 ? count : throw new UsageException($"calibration source fashion-mnist:{split}:{count}: the count must be a positive integer") { Term = "calibration source" };
        Directory = directory ?? DefaultDirectory;
    }

    public string Split { get; }
    public int Count { get; }
    public string Directory { get; }
    public string Spec => $"fashion-mnist:{Split}:{Count}";

    public string ImagesFile => Path.Combine(Directory, Split == "train" ? "train-images-idx3-ubyte.gz" : "t10k-images-idx3-ubyte.gz");

    /// <summary>Held-out images come from the other split.</summary>
    public ICalibrationSource HeldOut(int count) => new FashionMnistCalibrationSource(Split == "train" ? "test" : "train", count, Directory);

    public IEnumerable<ModelInputs> Feeds(IReadOnlyList<TensorInfo> inputs)
    {
        Int8Quantizer.RequireFloatInputs(inputs, "fashion-mnist calibration");
        if (inputs.Count != 1 || inputs[0].Elements <= 0 || inputs[0].Elements % Pixels != 0)
            throw new InputException($"calibration source {Spec} needs a model with one float input of N×1×28×28 (784 values per image), but the model takes " +
                                     $"{string.Join(", ", inputs.Select(i => $"'{i.Name}' {i.ShapeText}"))}; use calibration source random:64") { Term = "calibration source" };
        var input = inputs[0];
        int batch = (int)(input.Elements / Pixels);
        var pixels = ReadImages(ImagesFile, Math.Max(Count, batch));
        int feeds = Math.Max(1, Math.Min(Count, pixels.Length / Pixels) / batch);
        for (int start = 0; start < feeds * batch; start += batch)
        {
            var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, input.Shape);
            var span = value.GetTensorMutableDataAsSpan<float>();
            var source = pixels.AsSpan(start * Pixels, batch * Pixels);
            for (int k = 0; k < span.Length; k++) span[k] = source[k] / 255f;
            yield return ModelInputs.FromValues([input.Name], [value]);
        }
    }

    /// <summary>The first <paramref name="count"/> images of an IDX3 file, as raw bytes.</summary>
    internal static byte[] ReadImages(string path, int count)
    {
        // Checked here rather than by the shared lookup, whose advice (--data) is verge train's, not verge compress's.
        if (!File.Exists(path))
            throw new InputException($"Fashion-MNIST file '{path}' not found; install it with scripts/setup (Debian package dataset-fashion-mnist)");
        var (dims, bytes) = IdxReader.Read(path, count);
        if (dims.Length != 3 || dims[1] * dims[2] != Pixels)
            throw new InputException($"'{path}' is not a 28×28 IDX3 image file; reinstall dataset-fashion-mnist");
        return bytes;
    }
}
