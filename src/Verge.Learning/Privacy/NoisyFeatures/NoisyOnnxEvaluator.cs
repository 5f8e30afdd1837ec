using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Privacy;
using Verge.Learning.Data;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Accuracy of a written noisy-features model the way a deployment runs it: the ONNX file cut into head and tail
/// stages at the trained cut, ONNX Runtime running each, and <see cref="FeatureNoise"/> (what the device agent's
/// CrossingNoise applies) on the head's output in between, one image at a time.
/// </summary>
public static class NoisyOnnxEvaluator
{
    public static double Evaluate(string modelPath, int cutAfter, FeatureNoise noise, ImageDataset data, int seed, int threads = 2)
    {
        var model = OnnxModelFile.Read(modelPath);
        BatchDimension.FixToOne(model);
        var graph = ModelGraph.FromProto(model, modelPath);
        // A zoo model's body layer k is the graph's node k, so its cut is the one after node k (id k + 1; id 0 is the input).
        var cut = CutEnumerator.Enumerate(graph).FirstOrDefault(c => c.Position == cutAfter)
            ?? throw new InputException($"'{modelPath}' has no cut after node {cutAfter}; list its cuts with 'verge cuts {modelPath}'");
        var stages = SubmodelExtractor.Split(graph, [cut.Tensors]);
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var head = OnnxSessions.Create(stages[0].Model, options, modelPath + " (head)");
        using var tail = OnnxSessions.Create(stages[1].Model, options, modelPath + " (tail)");
        string inputName = head.InputMetadata.Keys.Single(), featureName = cut.Tensors.Single(), outputName = tail.OutputMetadata.Keys.First();
        long[] imageShape = [1, data.Channels, data.Height, data.Width];
        long[] featureShape = [.. tail.InputMetadata[featureName].Dimensions.Select(d => (long)d)];
        var pixels = new float[data.ImageSize];
        var features = new float[featureShape.Aggregate(1L, (a, b) => a * b)];
        using var pixelValue = OrtValue.CreateTensorValueFromMemory(pixels, imageShape);
        using var featureValue = OrtValue.CreateTensorValueFromMemory(features, featureShape);
        using var run = new RunOptions();
        var random = new Random(seed);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            data.Image(i).CopyTo(pixels);
            using (var h = head.Run(run, [inputName], [pixelValue], [featureName])) h[0].GetTensorDataAsSpan<float>().CopyTo(features);
            noise.Apply(features, random);
            using var t = tail.Run(run, [featureName], [featureValue], [outputName]);
            if (TensorPrimitives.IndexOfMax<float>(t[0].GetTensorDataAsSpan<float>()) == data.Labels[i]) correct++;
        }
        return (double)correct / data.Count;
    }
}
