using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Learning.EarlyExit;

/// <summary>Runs an ONNX model with early exits (outputs exit1, …, final) over a data set through ONNX Runtime, batched.</summary>
public static class OnnxExitRunner
{
    public static ExitOutcomes Run(string modelPath, ImageDataset data, ConfidenceMeasure measure, int threads = 2, int batch = 256,
        CancellationToken ct = default)
    {
        var exits = ExitCosts.ExitOutputs(ModelGraph.Load(modelPath));
        using var runner = new OnnxBatchRunner(modelPath, threads);
        if (data.ImageSize != runner.ImageSize)
            throw new InputException($"'{modelPath}' takes {runner.ImageSize} values per image, the data has {data.ImageSize}");
        var index = exits.Select(e => runner.OutputNames.ToList().IndexOf(e)).ToArray();
        var logits = exits.Select(_ => new List<float>()).ToArray();
        for (int start = 0; start < data.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            int n = Math.Min(batch, data.Count - start);
            var outputs = runner.Run(data.Pixels.AsSpan(start * data.ImageSize, n * data.ImageSize), n);
            for (int e = 0; e < exits.Count; e++) logits[e].AddRange(outputs[index[e]]);
        }
        return new ExitOutcomes(logits.Select(l => l.ToArray()).ToArray(), data.Labels, measure);
    }
}
