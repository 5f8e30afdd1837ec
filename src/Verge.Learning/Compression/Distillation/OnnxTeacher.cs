using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Export;

namespace Verge.Learning.Compression.Distillation;

/// <summary>A trained classifier in ONNX that gives the logits of a whole mini-batch through ONNX Runtime in one run.</summary>
public sealed class OnnxTeacher : IDisposable
{
    private readonly OnnxBatchRunner _runner;

    public OnnxTeacher(string modelPath, int threads = 2)
    {
        if (!File.Exists(modelPath)) throw new InputException($"teacher model '{modelPath}' does not exist; train one first") { Term = "train one first" };
        Path = modelPath;
        _runner = new OnnxBatchRunner(modelPath, threads);
    }

    public string Path { get; }

    /// <summary>The teacher's logits for a batch [N, C, H, W], [N × classes] (its last output, "logits" or "final").</summary>
    public float[] Logits(Tensor images)
    {
        int n = images.Shape[0];
        if (images.Length != n * _runner.ImageSize)
            throw new InputException($"teacher '{Path}' takes {_runner.ImageSize} values per image, the batch has {images.Length / n}");
        return _runner.Run(images.Data, n)[^1];
    }

    public void Dispose() => _runner.Dispose();
}
