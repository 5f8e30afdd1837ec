using Microsoft.ML.OnnxRuntime;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Graph.Extraction;

namespace Verge.Inference.Runtime;

/// <summary>
/// Checks that splitting at a cut changes nothing: head then tail, run as separate ONNX Runtime sessions, must give
/// the whole model's outputs (up to float reassociation, reported as the largest difference relative to the output's
/// largest magnitude).
/// </summary>
public sealed class SplitVerifier : IDisposable
{
    private readonly ModelGraph _graph;
    private readonly ModelInputs _feeds;
    private readonly Dictionary<string, float[]> _whole;

    public SplitVerifier(ModelGraph graph, int seed = 7)
    {
        _graph = graph;
        _feeds = ModelInputs.Create(graph.Inputs, InputFill.Random, seed);
        using var options = new SessionOptions();
        using var session = new InferenceSession(graph.ToBytes(), options);
        using var ro = new RunOptions();
        var names = graph.Outputs.Select(o => o.Name).ToArray();
        using var results = session.Run(ro, _feeds.Names, _feeds.Values, names);
        _whole = names.Select((n, i) => (n, results[i].GetTensorDataAsSpan<float>().ToArray())).ToDictionary(x => x.n, x => x.Item2);
    }

    /// <summary>Largest relative difference over the model's outputs when split at <paramref name="cut"/>.</summary>
    public double MaxRelativeDifference(Cut cut)
    {
        var stages = SubmodelExtractor.Split(_graph, [cut.Tensors]);
        using var pipeline = new StagePipeline(stages);
        var split = pipeline.Run(_feeds);
        double worst = 0;
        foreach (var (name, expected) in _whole)
        {
            var actual = split[name];
            double scale = 1e-12;
            for (int i = 0; i < expected.Length; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
            for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / scale);
        }
        return worst;
    }

    public void Dispose() => _feeds.Dispose();
}
