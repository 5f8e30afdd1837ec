using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.Data;

namespace Verge.Learning.Export;

/// <summary>Accuracy of an ONNX classifier on a data set through ONNX Runtime, one image at a time (batch 1).</summary>
public static class OnnxEvaluator
{
    public sealed record Result(int Samples, double Accuracy, double MsPerSample);

    public static Result Evaluate(string modelPath, ImageDataset data, int threads = 2, CancellationToken ct = default)
    {
        if (!File.Exists(modelPath)) throw new InputException($"model '{modelPath}' does not exist");
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        // The same gate as every command: a whole, well-formed model, external data only from its own folder (inlined).
        var model = OnnxModelFile.Read(modelPath);
        BatchDimension.FixToOne(model); // one image per run, as documented
        using var session = OnnxSessions.Create(model, options, modelPath);
        var input = session.InputMetadata.First();
        var shape = input.Value.Dimensions.Select(d => (long)d).ToArray();
        if (shape.Length != 4 || shape[0] != 1 || shape[1] * shape[2] * shape[3] != data.ImageSize)
            throw new InputException($"model '{modelPath}' takes {input.Key} [{string.Join(',', shape)}], not one 1x{data.Height}x{data.Width} image");
        var pixels = new float[data.ImageSize];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var runOptions = new RunOptions();
        string[] inputNames = [input.Key], outputNames = [session.OutputMetadata.First().Key];
        int correct = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < data.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            data.Image(i).CopyTo(pixels);
            using var outputs = session.Run(runOptions, inputNames, [inputValue], outputNames);
            if (TensorPrimitives.IndexOfMax<float>(outputs[0].GetTensorDataAsSpan<float>()) == data.Labels[i]) correct++;
        }
        double ms = watch.Elapsed.TotalMilliseconds;
        return new Result(data.Count, data.Count == 0 ? 0 : (double)correct / data.Count, data.Count == 0 ? 0 : ms / data.Count);
    }
}
