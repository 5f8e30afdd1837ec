using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Learning.Privacy.Audit;

/// <summary>A classifier's logits on every image of a data set, through ONNX Runtime in batches (the model a user ships, not the engine's copy).</summary>
internal static class ModelLogits
{
    private const int Chunk = 256;

    /// <summary>The signals of every image, and whether the model classifies each one right.</summary>
    public static MembershipSignals Signals(string modelPath, ImageDataset data, int threads, CancellationToken ct, out bool[] correct)
    {
        using var runner = new OnnxBatchRunner(modelPath, threads);
        if (runner.ImageSize != data.ImageSize)
            throw new Core.Errors.InputException($"model '{modelPath}' takes images of {runner.ImageSize} values, not {data.Channels}x{data.Height}x{data.Width}");
        var logits = new List<float>(data.Count * 10);
        for (int start = 0; start < data.Count; start += Chunk)
        {
            ct.ThrowIfCancellationRequested();
            int count = Math.Min(Chunk, data.Count - start);
            logits.AddRange(runner.Run(data.Pixels.AsSpan(start * data.ImageSize, count * data.ImageSize), count)[0]);
        }
        var values = logits.ToArray();
        int classes = values.Length / data.Count;
        if (values.Length != classes * data.Count || classes <= data.Labels.Max())
            throw new Core.Errors.InputException($"model '{modelPath}' gives {values.Length / (double)data.Count:G4} values per image, not one logit per class of the data ({data.Labels.Max() + 1}); give a classifier of it");
        correct = new bool[data.Count];
        for (int i = 0; i < data.Count; i++)
            correct[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(values.AsSpan(i * classes, classes)) == data.Labels[i];
        return MembershipSignals.FromLogits(values, data.Labels);
    }
}
