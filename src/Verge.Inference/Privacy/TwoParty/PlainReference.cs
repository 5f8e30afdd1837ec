using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;

namespace Verge.Inference.Privacy.TwoParty;

/// <summary>The plaintext logits through ONNX Runtime, one frame at a time: what private inference is held against.</summary>
public static class PlainReference
{
    public static float[] Logits(string path, float[] frames, int count, int inputSize, int outputSize)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        var model = OnnxModelFile.Read(path);
        BatchDimension.FixToOne(model);
        using var session = OnnxSessions.Create(model, options, path);
        var input = session.InputMetadata.First();
        var shape = input.Value.Dimensions.Select(d => (long)d).ToArray();
        var pixels = new float[inputSize];
        using var value = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var run = new RunOptions();
        string[] inputs = [input.Key], outputs = [session.OutputMetadata.First().Key];
        var logits = new float[count * outputSize];
        for (int i = 0; i < count; i++)
        {
            frames.AsSpan(i * inputSize, inputSize).CopyTo(pixels);
            using var result = session.Run(run, inputs, [value], outputs);
            result[0].GetTensorDataAsSpan<float>().CopyTo(logits.AsSpan(i * outputSize, outputSize));
        }
        return logits;
    }
}
